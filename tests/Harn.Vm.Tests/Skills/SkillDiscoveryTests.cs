using System.Security.Cryptography;
using System.Text;
using Harn.Runtime;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;
using Org.BouncyCastle.Security;
using Xunit;

namespace Harn.Vm.Tests.Skills;

public class SkillDiscoveryTests
{
    [Fact]
    public void The_skills_global_holds_compact_cards_from_the_project_and_manifest_layers()
    {
        using var files = new SkillTestFiles("""
            [package]
            name = "demo"

            [skills]
            paths = [
              "vendor/skills",  # a second source
            ]
            """);
        files.Skill("deploy", "name: deploy\nshort: Ship it\nallowed-tools: [bash]", "# Runbook\nsecret body");
        files.Skill("deploy", "name: deploy\ndescription: shadowed", "never", "vendor/skills");
        files.Skill("lint", "description: Lint code", "lint body", "vendor/skills");
        var output = files.Run("""
            pipeline default() {
              println(skill_list(skills).map({ s -> s.name + "@" + s.source }))
              let deploy = skill_find(skills, "deploy")
              println(deploy.short + " " + to_string(deploy.allowed_tools) + " " + to_string(deploy.body))
              println(contains(json_stringify(skills), "secret body"))
              println(skill_find(skills, "lint").description)
              println(load_skill("deploy"))
            }
            """);
        Assert.Equal("[deploy@project, lint@manifest]\nShip it [bash] nil\nfalse\nLint code\n# Runbook\nsecret body\n", output);
    }

    [Fact]
    public void A_run_that_may_not_read_files_finds_no_skills()
    {
        using var files = new SkillTestFiles();
        files.Skill("deploy", "description: Ship it", "body");
        const string Source = "pipeline default() { println(skill_list(skills).map({ s -> s.name })) }";
        Assert.Equal("[deploy]\n", files.Run(Source));
        Assert.Equal("[]\n", files.Run(Source, new Harn.Sandbox.SandboxPolicy(deniedCapabilities: Harn.Sandbox.Capability.FileRead)));
        Assert.Equal("[]\n", files.Run(Source, new Harn.Sandbox.SandboxPolicy(readOnlyRoots: [files.Root])));
    }

    [Fact]
    public void A_manifest_that_is_not_valid_toml_configures_nothing()
    {
        using var files = new SkillTestFiles("[skills\ndisable = [\"project\"]\n");
        files.Skill("deploy", "description: Ship it", "body");
        Assert.Equal("[deploy]\n", files.Run("pipeline default() { println(skill_list(skills).map({ s -> s.name })) }"));
    }

    [Fact]
    public void A_disabled_layer_is_skipped()
    {
        using var files = new SkillTestFiles("[skills]\ndisable = [\"project\"]\npaths = [\"more\"]\n");
        files.Skill("a", "description: project skill", "a");
        files.Skill("b", "description: manifest skill", "b", "more");
        Assert.Equal("[b]\n", files.Run("pipeline default() { println(skill_list(skills).map({ s -> s.name })) }"));
    }

    [Fact]
    public void Skill_render_and_load_skill_substitute_arguments_and_the_bundle_directory()
    {
        using var files = new SkillTestFiles();
        files.Skill("ship", "name: ship", "ship $1 from ${HARN_SKILL_DIR} ($ARGUMENTS)");
        var output = files.Run("""
            pipeline default() {
              let dir = skill_find(skills, "ship").skill_dir
              println(replace(skill_render(skill_find(skills, "ship"), ["v2", "now"]), dir, "<dir>"))
              println(replace(load_skill({name: "ship", arguments: ["v3"]}), dir, "<dir>"))
              println(try { load_skill("missing") } catch (e) { e })
            }
            """);
        Assert.Equal("ship v2 from <dir> (v2 now)\nship v3 from <dir> (v3)\nload_skill: skill_not_found: no skill named 'missing'\n", output);
    }

    [Fact]
    public void Load_skill_checks_ed25519_signatures_against_the_signer_registry()
    {
        using var files = new SkillTestFiles("[skills]\nsigner_registry_url = \"./signers\"\n");
        var key = new Ed25519PrivateKeyParameters(new SecureRandom());
        var publicKey = key.GeneratePublicKey().GetEncoded();
        var fingerprint = Convert.ToHexString(SHA256.HashData(publicKey)).ToLowerInvariant();
        var spki = new byte[] { 0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00 }.Concat(publicKey).ToArray();
        files.Write($"signers/{fingerprint}.pub", "-----BEGIN PUBLIC KEY-----\n" + Convert.ToBase64String(spki) + "\n-----END PUBLIC KEY-----\n");
        var signedPath = files.Skill("signed", $"name: signed\ntrusted_signers:\n  - {fingerprint}", "signed body");
        Sign(key, fingerprint, signedPath);
        var tamperedPath = files.Skill("tampered", "name: tampered", "original body");
        Sign(key, fingerprint, tamperedPath);
        File.AppendAllText(tamperedPath, "\nextra");
        files.Skill("plain", "name: plain", "plain body");
        var output = files.Run("""
            fn attempt(name, required) {
              return try { load_skill(name, {require_signature: required}) } catch (e) { e }
            }
            pipeline default() {
              println(attempt("signed", true))
              println(attempt("plain", false))
              println(attempt("plain", true))
              println(attempt("tampered", false))
            }
            """);
        var lines = output.Split('\n');
        Assert.Equal("signed body", lines[0]);
        Assert.Equal("plain body", lines[1]);
        Assert.StartsWith("load_skill: UnsignedSkillError:", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("load_skill: InvalidSkillSignatureError:", lines[3], StringComparison.Ordinal);
    }

    private static void Sign(Ed25519PrivateKeyParameters key, string fingerprint, string path)
    {
        var content = File.ReadAllBytes(path);
        var signer = new Ed25519Signer();
        signer.Init(true, key);
        signer.BlockUpdate(content, 0, content.Length);
        var signature = Convert.ToBase64String(signer.GenerateSignature());
        var sha = Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();
        File.WriteAllText(path + ".sig", $$"""
            {"schema": "harn-skill-sig/v1", "signer_fingerprint": "{{fingerprint}}", "ed25519_sig_base64": "{{signature}}", "skill_sha256": "{{sha}}"}
            """, Encoding.UTF8);
    }
}
