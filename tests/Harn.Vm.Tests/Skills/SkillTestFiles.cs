using System.Text;
using Harn.Hosting;

namespace Harn.Vm.Tests.Skills;

/// <summary>
/// A throw-away project directory for filesystem-skill tests: a <c>harn.toml</c>, skill bundles
/// and a <c>main.harn</c> run from there, so discovery sees exactly what the test wrote.
/// </summary>
internal sealed class SkillTestFiles : IDisposable
{
    public SkillTestFiles(string? manifest = "[package]\nname = \"skills-test\"\n")
    {
        Root = Path.Combine(Path.GetTempPath(), "harn-skills-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        if (manifest is not null)
        {
            Write("harn.toml", manifest);
        }
    }

    public string Root { get; }

    /// <summary>Writes <paramref name="text"/> to <paramref name="relative"/> under the root; returns the full path.</summary>
    public string Write(string relative, string text)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    public string Skill(string name, string frontmatter, string body, string directory = ".harn/skills") =>
        Write(Path.Combine(directory, name, "SKILL.md"), "---\n" + frontmatter.TrimEnd() + "\n---\n" + body);

    /// <summary>Runs <paramref name="source"/> as <c>main.harn</c> in the root and returns what it printed.</summary>
    public string Run(string source, Harn.Sandbox.SandboxPolicy? sandbox = null)
    {
        var path = Write("main.harn", source);
        var output = new StringBuilder();
        HarnExecution.Run(HarnScript.Compile(source, path), new HarnRunOptions { Output = (_, text) => output.Append(text), Sandbox = sandbox });
        return output.ToString();
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temp directory is cleaned by the OS eventually.
        }
    }
}
