using System.Security.Cryptography;
using System.Text.Json;
using Harn.Runtime;
using Harn.Stdlib.Agents;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Harn.Stdlib.Skills;

/// <summary>
/// Provenance of a filesystem skill. A signed skill has a <c>SKILL.md.sig</c> beside it:
/// <c>{schema: "harn-skill-sig/v1", signer_fingerprint, ed25519_sig_base64, skill_sha256, signed_at}</c>,
/// an Ed25519 signature over the exact bytes of <c>SKILL.md</c>. The signer's public key is
/// <c>&lt;fingerprint&gt;.pub</c> (PEM SubjectPublicKeyInfo) in a signer registry directory, and
/// the fingerprint is the SHA-256 of the raw 32-byte key in hex. A skill is <em>signed</em> when
/// the signature verifies against a registered key, and <em>trusted</em> when it is signed and its
/// signer is listed in the card's <c>trusted_signers</c> (or the card lists none).
/// </summary>
internal sealed record SkillTrust(bool Signed, bool Trusted, string? SignerFingerprint, string? Sha256, string? Problem, string? ErrorType)
{
    public const string SignatureSchema = "harn-skill-sig/v1";

    /// <summary>Checks the skill file at <paramref name="skillPath"/> against the signer registries.</summary>
    public static SkillTrust Evaluate(HarnDict card, string skillPath, IReadOnlyList<string> signerRegistries)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(skillPath);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return new SkillTrust(false, false, null, null, $"cannot read {skillPath}: {error.Message}", "SkillReadError");
        }

        var sha = Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();
        var signaturePath = skillPath + ".sig";
        if (!File.Exists(signaturePath))
        {
            return new SkillTrust(false, false, null, sha, "the skill has no signature (SKILL.md.sig)", "UnsignedSkillError");
        }

        SignatureFile signature;
        try
        {
            signature = SignatureFile.Read(File.ReadAllText(signaturePath));
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException or JsonException or FormatException or InvalidOperationException)
        {
            return new SkillTrust(false, false, null, sha, $"unreadable signature file: {error.Message}", "InvalidSkillSignatureError");
        }

        var fingerprint = signature.Fingerprint;
        if (signature.Schema is not null && signature.Schema != SignatureSchema)
        {
            return new SkillTrust(false, false, fingerprint, sha, $"unsupported signature schema '{signature.Schema}'", "InvalidSkillSignatureError");
        }

        if (signature.Sha256 is not null && !string.Equals(signature.Sha256, sha, StringComparison.OrdinalIgnoreCase))
        {
            return new SkillTrust(false, false, fingerprint, sha, "SKILL.md does not match the signed digest", "InvalidSkillSignatureError");
        }

        if (FindKey(fingerprint, signerRegistries) is not { } key)
        {
            return new SkillTrust(false, false, fingerprint, sha, $"signer {fingerprint} is not in the signer registry", "UntrustedSignerError");
        }

        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(key));
        verifier.BlockUpdate(content, 0, content.Length);
        if (!verifier.VerifySignature(signature.Signature))
        {
            return new SkillTrust(false, false, fingerprint, sha, "the Ed25519 signature does not verify", "InvalidSkillSignatureError");
        }

        var allowed = AgentValues.Strings(AgentValues.Field(card, "trusted_signers"));
        var trusted = allowed.Count == 0 || allowed.Any(s => string.Equals(s, fingerprint, StringComparison.OrdinalIgnoreCase));
        return new SkillTrust(true, trusted, fingerprint, sha, trusted ? null : $"signer {fingerprint} is not in the skill's trusted_signers", trusted ? null : "UntrustedSignerError");
    }

    /// <summary>The raw key of <paramref name="fingerprint"/> from the first registry holding it, checked against the fingerprint.</summary>
    private static byte[]? FindKey(string fingerprint, IReadOnlyList<string> registries)
    {
        if (fingerprint.Length == 0 || fingerprint.IndexOfAny(['/', '\\', '.']) >= 0)
        {
            return null;
        }

        foreach (var registry in registries)
        {
            var path = Path.Combine(registry, fingerprint + ".pub");
            try
            {
                if (!File.Exists(path))
                {
                    continue;
                }

                var key = RawKey(File.ReadAllText(path));
                if (key is not null && string.Equals(Convert.ToHexString(SHA256.HashData(key)), fingerprint, StringComparison.OrdinalIgnoreCase))
                {
                    return key;
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or FormatException)
            {
                // An unreadable key is no key.
            }
        }

        return null;
    }

    /// <summary>The 32-byte Ed25519 key of a PEM SubjectPublicKeyInfo (or of a bare hex or base64 key).</summary>
    private static byte[]? RawKey(string text)
    {
        var body = string.Concat(text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith("-----", StringComparison.Ordinal)));
        if (body.Length == 64 && body.All(Uri.IsHexDigit))
        {
            return Convert.FromHexString(body);
        }

        var der = Convert.FromBase64String(body);
        return der.Length switch
        {
            32 => der,
            >= 44 => der[^32..],
            _ => null,
        };
    }

    /// <summary>The trust record's fields, as <c>skill.loaded</c> events carry them.</summary>
    public HarnDict ToMetadata() => HarnDict.Empty
        .With("signed", Value.FromBool(Signed))
        .With("trusted", Value.FromBool(Trusted))
        .With("signer_fingerprint", SignerFingerprint is null ? Value.Nil : Value.FromString(SignerFingerprint))
        .With("skill_sha256", Sha256 is null ? Value.Nil : Value.FromString(Sha256));

    private sealed record SignatureFile(string? Schema, string Fingerprint, byte[] Signature, string? Sha256)
    {
        public static SignatureFile Read(string json)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            string? Text(string name) => root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            var fingerprint = Text("signer_fingerprint") ?? throw new FormatException("missing signer_fingerprint");
            var signature = Text("ed25519_sig_base64") ?? throw new FormatException("missing ed25519_sig_base64");
            return new SignatureFile(Text("schema"), fingerprint.ToLowerInvariant(), Convert.FromBase64String(signature), Text("skill_sha256"));
        }
    }
}
