// Tests build AWS SDK clients on Node 20 too: its notice that later SDK versions need Node 22 is
// for users of the CLI, not for test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
