cat > Program.cs <<'EOF'
var a = Environment.GetEnvironmentVariable("CS_A");
var b = System.Environment.GetEnvironmentVariable(@"CS_VERB");
var c = $"{Environment.GetEnvironmentVariable("CS_INTERP")} {{Environment.GetEnvironmentVariable(\"CS_ESCAPED\")}}";
var d = @"Environment.GetEnvironmentVariable(""CS_INVERB"")";
// Environment.GetEnvironmentVariable("CS_COMMENT")
var e = """
  Environment.GetEnvironmentVariable("CS_RAW")
  """;
var f = Environment.GetEnvironmentVariable("CS_TARGET", EnvironmentVariableTarget.Machine);
var g = GetEnvironmentVariable(key);
var h = Environment.GetEnvironmentVariable("CS_COALESCE") ?? "dflt";
EOF
