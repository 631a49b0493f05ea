using Harn.Runtime;
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

    [Fact]
    public void Deep_scan_walks_every_directory_and_reuses_unchanged_results()
    {
        var root = FileSystemDoubles.MakeTree(
            (".gitignore", "ignored/\n"),
            ("app/Cargo.toml", "[package]\nname = \"app\"\nversion = \"0.1.0\"\n"),
            ("app/src/main.rs", "fn main() {}\n"),
            ("ignored/go.mod", "module ignored\n"),
            ("target/tooling/Cargo.toml", "[package]\nname = \"tooling\"\n"));
        var prompts = new List<string>();
        try
        {
            var output = Run(
                "import \"std/project\"\n" +
                "let options = {namespace: \"ns\", tiers: [\"ambient\", \"config\", \"enriched\"], enrichment: {prompt: \"Return JSON.\", schema: {purpose: \"string\"}}}\n" +
                "let first = project_deep_scan(\".\", options)\n" +
                "println(first.keys())\n" +
                "println([first.app.ambient.languages, first.app.config.package_name, first.app.enriched.purpose])\n" +
                "let second = project_deep_scan(\".\", options)\n" +
                "println(second[\"app/src\"].enriched)\n" +
                "println(project_deep_scan_status(\"ns\", \".\"))\n",
                r =>
                {
                    FileSystemDoubles.Register(r, root);
                    r.Register("llm_call", (_, args) =>
                    {
                        prompts.Add(args[0].AsString);
                        return Value.FromDict(HarnDict.Empty.With("text", Value.FromString("{\"purpose\": \"p" + prompts.Count + "\"}")));
                    });
                });

            Assert.Equal(
                string.Join(
                    "\n",
                    "[., app, app/src]",
                    "[[rust], app, p2]",
                    "{purpose: p3}",
                    "{cache_hits: 3, namespace: ns, root: " + root + ", run: 2, scanned: 0, total_dirs: 3}"),
                output);
            Assert.Equal(3, prompts.Count);
            Assert.StartsWith("Return JSON.\n\nDirectory: app\nFILE Cargo.toml\n", prompts[1]);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Enrich_retries_on_schema_errors_caches_and_respects_the_budget()
    {
        var root = FileSystemDoubles.MakeTree(
            ("Cargo.toml", "[package]\nname = \"enrich\"\n"),
            ("src/lib.rs", "pub struct UserName;\n"));
        var prompts = new List<string>();
        var answers = new Queue<string>(["{\"framework\": 1}", "{\"framework\": \"axum\"}", "not json", "still not json"]);
        try
        {
            var output = Run(
                "import \"std/project\"\n" +
                "let base = project_scan(\".\", {tiers: [\"ambient\", \"config\"]})\n" +
                "let options = {base_evidence: base, prompt: \"Package {{package_name}}\\n{{ for file in files }}FILE {{file.path}}\\n{{ end }}JSON.\", schema: {type: \"object\", required: [\"framework\"], properties: {framework: {type: \"string\"}}}, cache_key: \"v1\", schema_retries: 1}\n" +
                "let first = project_enrich(\".\", options)\n" +
                "let second = project_enrich(\".\", options)\n" +
                "println([first.framework, first._provenance.cached, second._provenance.cached, first.base_evidence.package_name])\n" +
                "let failed = project_enrich(\".\", options + {cache_key: \"v2\"})\n" +
                "println([failed.validation_error, failed.package_name])\n" +
                "println(project_enrich(\".\", options + {cache_key: \"v3\", budget_tokens: 1}).budget_exceeded)\n",
                r =>
                {
                    FileSystemDoubles.Register(r, root);
                    r.Register("llm_call", (_, args) =>
                    {
                        prompts.Add(args[0].AsString);
                        return Value.FromDict(HarnDict.Empty.With("text", Value.FromString(answers.Dequeue())));
                    });
                });

            Assert.Equal(
                string.Join(
                    "\n",
                    "[axum, false, true, enrich]",
                    "[the response is not a JSON object matching the schema, enrich]",
                    "true"),
                output);
            Assert.Equal(4, prompts.Count);
            Assert.Equal("Package enrich\nFILE Cargo.toml\nFILE src/lib.rs\nJSON.", prompts[0]);
            Assert.Contains("rejected: the response does not match the schema", prompts[1], StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Metadata_helpers_read_the_metadata_builtins()
    {
        var output = Run(
            "import \"std/project\"\n" +
            "println(metadata_namespace(\"src\", \"facts\"))\n" +
            "println(metadata_local_namespace(\"src\", \"facts\"))\n" +
            "println(metadata_local_namespace(\"\", \"facts\"))\n" +
            "println(project_stale_dirs(\"facts\"))\n" +
            "println(project_requires_refresh(\"facts\"))\n",
            r =>
            {
                r.Register("metadata_resolve", (_, _) => Value.Nil);
                r.Register("metadata_entries", (_, _) => Parse("[{\"dir\": \".\", \"local\": {\"a\": 1}}, {\"dir\": \"src\", \"local\": {\"b\": 2}}]"));
                r.Register("metadata_status", (_, _) => Parse("{\"stale\": {\"any_stale\": false, \"tier1\": [\"x\"], \"tier2\": [\"y\"]}, \"missing_content_hash\": [\".\"]}"));
            });

        Assert.Equal(string.Join("\n", "{}", "{b: 2}", "{a: 1}", "[x, y]", "true"), output);
    }

    private static Value Parse(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return JsonValue(document.RootElement);
    }

    private static Value JsonValue(System.Text.Json.JsonElement element) => element.ValueKind switch
    {
        System.Text.Json.JsonValueKind.Object => Value.FromDict(
            element.EnumerateObject().Aggregate(HarnDict.Empty, (dict, p) => dict.With(p.Name, JsonValue(p.Value)))),
        System.Text.Json.JsonValueKind.Array => Value.FromList(HarnList.Create(element.EnumerateArray().Select(JsonValue))),
        System.Text.Json.JsonValueKind.String => Value.FromString(element.GetString()!),
        System.Text.Json.JsonValueKind.Number => Value.FromInt(element.GetInt64()),
        System.Text.Json.JsonValueKind.True => Value.FromBool(true),
        System.Text.Json.JsonValueKind.False => Value.FromBool(false),
        _ => Value.Nil,
    };
}
