using System.CommandLine;
using NodeStorageAgent.Toml;

namespace NodeStorageAgent.Cli;

/// <summary>
/// <c>toml decode</c>: TOML on stdin, toml-test tagged JSON on stdout (the toml-test harness's decoder protocol:
/// exit 0 with JSON, or exit 1 with the error on stderr). <c>toml check FILE...</c>: one
/// <c>file:line:column: error: …</c> line per problem; exit 0 when all are valid, 2 otherwise.
/// </summary>
public static class TomlCommand
{
    public static Command Create()
    {
        var command = new Command("toml", "TOML 1.0 tools: decode to tagged JSON, check files.");
        command.Subcommands.Add(CreateDecode());
        command.Subcommands.Add(CreateCheck());
        return command;
    }

    private static Command CreateDecode()
    {
        var decode = new Command("decode", "Read TOML on stdin and write toml-test tagged JSON on stdout.");
        decode.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            byte[] input;
            using (var stdin = Console.OpenStandardInput())
            using (var buffer = new MemoryStream())
            {
                stdin.CopyTo(buffer);
                input = buffer.ToArray();
            }

            var document = TomlDocument.Parse(input, "<stdin>");
            if (document.HasErrors)
            {
                foreach (var diagnostic in document.Diagnostics)
                {
                    error.WriteLine(diagnostic);
                }

                return 1;
            }

            output.WriteLine(TomlTaggedJson.Encode(document.Root));
            return ExitCodes.Ok;
        });
        return decode;
    }

    private static Command CreateCheck()
    {
        var files = new Argument<FileInfo[]>("files") { Arity = ArgumentArity.OneOrMore, Description = "TOML files to check." };
        var check = new Command("check", "Check TOML files; print file:line:column: error: … for each problem.") { files };
        check.SetAction(parseResult =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var allValid = true;
            foreach (var file in parseResult.GetValue(files) ?? [])
            {
                byte[] bytes;
                try
                {
                    bytes = File.ReadAllBytes(file.FullName);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    output.WriteLine($"{file}:1:1: error: cannot read the file: {e.Message}");
                    allValid = false;
                    continue;
                }

                var document = TomlDocument.Parse(bytes, file.ToString());
                foreach (var diagnostic in document.Diagnostics)
                {
                    output.WriteLine(diagnostic);
                }

                allValid &= !document.HasErrors;
            }

            return allValid ? ExitCodes.Ok : ExitCodes.Invalid;
        });
        return check;
    }
}
