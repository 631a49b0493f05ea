using System.Security.Cryptography;
using System.Text;
using Harn.Runtime;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Signers;

namespace Harn.Stdlib.Host;

/// <summary>
/// Hashes (hex digests), HMAC, constant-time comparison, Ed25519/X25519 keys as hex, JWT signing,
/// and the base64 bytes helpers. SHA-3, BLAKE3 and the 25519 curves come from BouncyCastle so they
/// work on every OS; the rest is System.Security.Cryptography.
/// </summary>
internal static class Crypto
{
    public static void Register(BuiltinRegistry registry)
    {
        registry.Register("md5", (_, args) => Hex(MD5.HashData(Input(args, 0, "md5"))));
        registry.Register("sha1", (_, args) => Hex(SHA1.HashData(Input(args, 0, "sha1"))));
        registry.Register("sha256", (_, args) => Hex(SHA256.HashData(Input(args, 0, "sha256"))));
        registry.Register("sha384", (_, args) => Hex(SHA384.HashData(Input(args, 0, "sha384"))));
        registry.Register("sha512", (_, args) => Hex(SHA512.HashData(Input(args, 0, "sha512"))));
        registry.Register("sha3_256", (_, args) => Hex(Digest(new Sha3Digest(256), Input(args, 0, "sha3_256"))));
        registry.Register("sha3_512", (_, args) => Hex(Digest(new Sha3Digest(512), Input(args, 0, "sha3_512"))));
        registry.Register("blake3", (_, args) => Hex(Digest(new Blake3Digest(256), Input(args, 0, "blake3"))));
        registry.Register("hmac_sha256", (_, args) => Hex(HmacSha256(Input(args, 0, "hmac_sha256"), Input(args, 1, "hmac_sha256"))));
        registry.Register("hmac_sha256_base64", (_, args) => Value.FromString(Convert.ToBase64String(HmacSha256(Input(args, 0, "hmac_sha256_base64"), Input(args, 1, "hmac_sha256_base64")))));
        registry.Register("constant_time_eq", (_, args) => Value.FromBool(ConstantTimeEquals(Input(args, 0, "constant_time_eq"), Input(args, 1, "constant_time_eq"))));
        registry.Register("ed25519_keypair", (_, _) => Ed25519Keypair());
        registry.Register("ed25519_sign", Ed25519Sign);
        registry.Register("ed25519_verify", Ed25519Verify);
        registry.Register("x25519_keypair", (_, _) => X25519Keypair());
        registry.Register("x25519_agree", X25519Agree);
        registry.Register("jwt_sign", JwtSign);
        registry.Register("bytes_to_base64", (_, args) => Value.FromString(Convert.ToBase64String(HostValues.BytesArg(args, 0, "bytes_to_base64"))));
        registry.Register("bytes_from_base64", BytesFromBase64);
        registry.Register("bytes_concat", BytesConcat);
    }

    private static byte[] Input(ReadOnlySpan<Value> args, int index, string function) => HostValues.BytesArg(args, index, function);

    private static Value Hex(byte[] bytes) => Value.FromString(Convert.ToHexString(bytes).ToLowerInvariant());

    public static byte[] HmacSha256(byte[] key, byte[] message) => HMACSHA256.HashData(key, message);

    public static bool ConstantTimeEquals(byte[] a, byte[] b) => CryptographicOperations.FixedTimeEquals(a, b);

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static byte[]? FromBase64Url(string text)
    {
        var standard = text.Replace('-', '+').Replace('_', '/');
        standard = standard.PadRight(standard.Length + ((4 - (standard.Length % 4)) % 4), '=');
        try
        {
            return Convert.FromBase64String(standard);
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] Digest(IDigest digest, byte[] input)
    {
        digest.BlockUpdate(input, 0, input.Length);
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);
        return output;
    }

    private static byte[] HexKey(ReadOnlySpan<Value> args, int index, string function, int length)
    {
        var text = Args.String(args, index, function);
        try
        {
            var bytes = Convert.FromHexString(text);
            return bytes.Length == length ? bytes : throw new FormatException();
        }
        catch (FormatException)
        {
            throw RuntimeErrors.Runtime($"{function}: expected a {length}-byte hex key");
        }
    }

    private static Value Keypair(byte[] privateKey, byte[] publicKey) => HostValues.Dict(
        ("private", Value.FromString(Convert.ToHexString(privateKey).ToLowerInvariant())),
        ("public", Value.FromString(Convert.ToHexString(publicKey).ToLowerInvariant())));

    private static Value Ed25519Keypair()
    {
        var privateKey = new Ed25519PrivateKeyParameters(new Org.BouncyCastle.Security.SecureRandom());
        return Keypair(privateKey.GetEncoded(), privateKey.GeneratePublicKey().GetEncoded());
    }

    private static Value Ed25519Sign(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var signer = new Ed25519Signer();
        signer.Init(true, new Ed25519PrivateKeyParameters(HexKey(args, 0, "ed25519_sign", 32)));
        var message = Input(args, 1, "ed25519_sign");
        signer.BlockUpdate(message, 0, message.Length);
        return Hex(signer.GenerateSignature());
    }

    private static Value Ed25519Verify(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var verifier = new Ed25519Signer();
        verifier.Init(false, new Ed25519PublicKeyParameters(HexKey(args, 0, "ed25519_verify", 32)));
        var message = Input(args, 1, "ed25519_verify");
        verifier.BlockUpdate(message, 0, message.Length);
        var signature = Args.String(args, 2, "ed25519_verify");
        try
        {
            return Value.FromBool(verifier.VerifySignature(Convert.FromHexString(signature)));
        }
        catch (FormatException)
        {
            return Value.False;
        }
    }

    private static Value X25519Keypair()
    {
        var privateKey = new X25519PrivateKeyParameters(new Org.BouncyCastle.Security.SecureRandom());
        return Keypair(privateKey.GetEncoded(), privateKey.GeneratePublicKey().GetEncoded());
    }

    private static Value X25519Agree(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var privateKey = new X25519PrivateKeyParameters(HexKey(args, 0, "x25519_agree", 32));
        var publicKey = new X25519PublicKeyParameters(HexKey(args, 1, "x25519_agree", 32));
        var secret = new byte[32];
        privateKey.GenerateSecret(publicKey, secret, 0);
        return Hex(secret);
    }

    /// <summary><c>jwt_sign(alg, claims, pem)</c>: a compact JWS signed with ES256 (P-256) or RS256.</summary>
    private static Value JwtSign(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var algorithm = Args.String(args, 0, "jwt_sign");
        var claims = Args.At(args, 1);
        if (claims.Kind != ValueKind.Dict)
        {
            throw RuntimeErrors.Runtime("jwt_sign: claims must be a dict");
        }

        var pem = Args.String(args, 2, "jwt_sign");
        var header = Base64Url(Encoding.UTF8.GetBytes($"{{\"alg\":\"{algorithm}\",\"typ\":\"JWT\"}}"));
        var payload = Base64Url(Encoding.UTF8.GetBytes(JsonConversion.Stringify(claims)));
        var signingInput = Encoding.ASCII.GetBytes(header + "." + payload);
        byte[] signature;
        try
        {
            switch (algorithm)
            {
                case "ES256":
                    using (var ec = ECDsa.Create())
                    {
                        ec.ImportFromPem(pem);
                        signature = ec.SignData(signingInput, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
                    }

                    break;
                case "RS256":
                    using (var rsa = RSA.Create())
                    {
                        rsa.ImportFromPem(pem);
                        signature = rsa.SignData(signingInput, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                    }

                    break;
                default:
                    throw RuntimeErrors.Runtime($"jwt_sign: unsupported algorithm '{algorithm}' (expected ES256 or RS256)");
            }
        }
        catch (Exception error) when (error is ArgumentException or CryptographicException)
        {
            throw RuntimeErrors.Runtime($"jwt_sign: invalid {algorithm} private key: {error.Message}");
        }

        return Value.FromString(header + "." + payload + "." + Base64Url(signature));
    }

    private static Value BytesFromBase64(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        try
        {
            return Value.FromBytes(Convert.FromBase64String(Args.String(args, 0, "bytes_from_base64")));
        }
        catch (FormatException)
        {
            throw RuntimeErrors.Runtime("bytes_from_base64: invalid input");
        }
    }

    private static Value BytesConcat(BuiltinContext context, ReadOnlySpan<Value> args)
    {
        var output = new MemoryStream();
        foreach (var part in args)
        {
            if (part.Kind == ValueKind.List)
            {
                foreach (var item in part.AsList)
                {
                    output.Write(HostValues.Bytes(item));
                }
            }
            else if (!part.IsNil)
            {
                output.Write(HostValues.Bytes(part));
            }
        }

        return Value.FromBytes(output.ToArray());
    }
}
