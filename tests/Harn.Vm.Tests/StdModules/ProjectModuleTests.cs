using Xunit;
using static Harn.Vm.Tests.StdModules.StdModuleSource;

namespace Harn.Vm.Tests.StdModules;

public class ProjectModuleTests
{
    private const string Signature =
        "fn signature(fp) {\n" +
        "  return json_stringify([fp.primary_language, fp.frameworks, fp.package_manager, fp.package_managers, fp.test_runner, fp.build_tool, fp.vcs, fp.ci, fp.has_tests, fp.has_ci, fp.lockfile_paths])\n" +
        "}\n";

    private static string Fingerprint(params (string Path, string Content)[] files)
    {
        var root = FileSystemDoubles.MakeTree(files);
        try
        {
            return Run("import \"std/project\"\n" + Signature + "println(signature(project_fingerprint(\".\")))\n", r => FileSystemDoubles.Register(r, root));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Fingerprint_of_a_rust_workspace()
    {
        var output = Fingerprint(
            (".git/", ""),
            (".config/nextest.toml", "[profile.default]\n"),
            ("Cargo.toml", "[workspace]\nmembers = [\"crates/api\", \"crates/cli\"]\n"),
            ("Cargo.lock", "# lock\n"),
            ("crates/api/src/", ""),
            ("crates/api/Cargo.toml", "[package]\nname = \"api\"\nversion = \"0.1.0\"\n[dependencies]\naxum = \"0.8\"\n"),
            ("crates/cli/src/", ""),
            ("crates/cli/Cargo.toml", "[package]\nname = \"cli\"\nversion = \"0.1.0\"\n"));

        Assert.Equal("[\"rust\",[\"axum\"],\"cargo\",[\"cargo\"],\"nextest\",\"cargo\",\"git\",[],false,false,[\"Cargo.lock\"]]", output);
    }

    [Fact]
    public void Fingerprint_of_an_npm_monorepo()
    {
        var output = Fingerprint(
            ("package.json", "{\"name\": \"m\", \"workspaces\": [\"packages/*\"], \"packageManager\": \"npm@10.8.0\", \"devDependencies\": {\"vite\": \"5.0.0\", \"vitest\": \"2.0.0\"}, \"scripts\": {\"build\": \"vite build\", \"test\": \"vitest run\"}}"),
            ("package-lock.json", "{}\n"),
            ("packages/web/src/app.ts", "export const app = 1\n"),
            ("packages/web/tests/", ""));

        Assert.Equal("[\"typescript\",[],\"npm\",[\"npm\"],\"vitest\",\"vite\",null,[],true,false,[\"package-lock.json\"]]", output);
    }

    [Fact]
    public void Fingerprint_of_swift_go_and_pnpm_projects()
    {
        var swift = Fingerprint(
            ("Package.swift", "import PackageDescription\nlet package = Package(name: \"Lib\", targets: [.target(name: \"Lib\")])\n"),
            ("Sources/Lib/Lib.swift", "public struct Lib {}\n"),
            ("Tests/LibTests/LibTests.swift", "import XCTest\n"));
        var go = Fingerprint(
            ("go.mod", "module github.com/acme/service\n\ngo 1.23\n"),
            ("go.sum", "example v0.0.0 h1:abc\n"),
            ("pkg/service.go", "package pkg\n"));
        var pnpm = Fingerprint(
            ("package.json", "{\"name\": \"p\", \"packageManager\": \"pnpm@9.0.0\", \"dependencies\": {\"next\": \"15.0.0\", \"react\": \"19.0.0\"}, \"scripts\": {\"build\": \"next build\"}}"),
            ("pnpm-lock.yaml", "lockfileVersion: '9.0'\n"),
            ("apps/web/next.config.ts", "export default {}\n"));

        Assert.Equal("[\"swift\",[],\"spm\",[\"spm\"],\"xctest\",\"spm\",null,[],true,false,[]]", swift);
        Assert.Equal("[\"go\",[],\"go-mod\",[\"go-mod\"],\"go-test\",\"go\",null,[],false,false,[\"go.sum\"]]", go);
        Assert.Equal("[\"typescript\",[\"next\",\"react\"],\"pnpm\",[\"pnpm\"],null,\"next\",null,[],false,false,[\"pnpm-lock.yaml\"]]", pnpm);
    }

    [Fact]
    public void Fingerprint_of_python_projects()
    {
        var poetry = Fingerprint(
            ("tests/", ""),
            ("pyproject.toml", "[tool.poetry]\nname = \"svc\"\nversion = \"0.1.0\"\n[tool.poetry.dependencies]\npython = \"^3.12\"\nfastapi = \"^0.110\"\n[tool.poetry.group.dev.dependencies]\npytest = \"^8.0\"\n"),
            ("poetry.lock", "# lock\n"));
        var uv = Fingerprint(
            ("tests/", ""),
            ("pyproject.toml", "[project]\nname = \"svc\"\ndependencies = [\"fastapi>=0.110\", \"pytest>=8.0\"]\n[tool.uv]\n"),
            ("uv.lock", "# lock\n"));

        Assert.Equal("[\"python\",[\"fastapi\"],\"poetry\",[\"poetry\"],\"pytest\",\"poetry\",null,[],true,false,[\"poetry.lock\"]]", poetry);
        Assert.Equal("[\"python\",[\"fastapi\"],\"uv\",[\"uv\"],\"pytest\",\"uv\",null,[],true,false,[\"uv.lock\"]]", uv);
    }

    [Fact]
    public void Fingerprint_of_a_mixed_repository_and_an_empty_one()
    {
        var mixed = Fingerprint(
            (".git/", ""),
            (".github/workflows/ci.yml", "name: ci\n"),
            ("backend/Cargo.toml", "[package]\nname = \"backend\"\nversion = \"0.1.0\"\n[dependencies]\naxum = \"0.8\"\n"),
            ("backend/Cargo.lock", "# lock\n"),
            ("portal/tests/", ""),
            ("portal/package.json", "{\"name\": \"portal\", \"packageManager\": \"pnpm@9.0.0\", \"dependencies\": {\"next\": \"15.0.0\", \"react\": \"19.0.0\"}}"),
            ("portal/next.config.ts", "export default {}\n"),
            ("portal/pnpm-lock.yaml", "lockfileVersion: '9.0'\n"));
        var empty = Fingerprint(("empty/", ""));

        Assert.Equal(
            "[\"mixed\",[\"axum\",\"next\",\"react\"],\"cargo\",[\"cargo\",\"pnpm\"],\"cargo-test\",\"cargo\",\"git\",[\"github-actions\"],true,true,[\"backend/Cargo.lock\",\"portal/pnpm-lock.yaml\"]]",
            mixed);
        Assert.Equal("[\"unknown\",[],null,[],null,null,null,[],false,false,[]]", empty);
    }

    [Fact]
    public void Scan_and_scan_tree_report_languages_and_skip_ignored_directories()
    {
        var root = FileSystemDoubles.MakeTree(
            (".gitignore", "ignored/\n"),
            ("app/Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.1.0\"\n"),
            ("app/Cargo.lock", "# lock\n"),
            ("app/src/main.rs", "fn main() {}\n"),
            ("ignored/go.mod", "module ignored\n"),
            ("node_modules/pkg/package.json", "{\"name\":\"pkg\"}\n"),
            ("node_modules/pkg/src/index.js", "export const x = 1\n"),
            ("web/package.json", "{\"name\":\"web\"}\n"),
            ("web/tsconfig.json", "{}\n"));
        try
        {
            var output = Run(
                "import \"std/project\"\n" +
                "let ev = project_scan(\"app\", {tiers: [\"ambient\", \"config\"]})\n" +
                "println([ev.languages, ev.confidence, ev.anchors, ev.lockfiles, ev.build_systems, ev.package_name, ev.build_commands])\n" +
                "println(project_scan_paths(\".\", {tiers: [\"ambient\"], depth: 4}))\n" +
                "let all = project_scan_tree(\".\", {tiers: [\"ambient\"], respect_gitignore: false, include_vendor: true})\n" +
                "println(all.keys())\n" +
                "println([all.ignored.languages, all[\"node_modules/pkg\"].languages, all.web.languages, all.web.build_systems])\n" +
                "println(project_catalog().filter({ e -> e.id == \"go\" })[0].default_test_cmd)\n",
                r => FileSystemDoubles.Register(r, root));

            Assert.Equal(
                string.Join(
                    "\n",
                    "[[rust], {rust: 0.99}, [Cargo.toml], [Cargo.lock], [cargo], app, [cargo build, cargo test]]",
                    "[., app, web]",
                    "[., app, ignored, node_modules/pkg, web]",
                    "[[go], [javascript], [typescript], [npm]]",
                    "go test ./..."),
                output);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
