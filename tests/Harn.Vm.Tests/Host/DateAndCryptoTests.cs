using Xunit;
using static Harn.Vm.Tests.HostLibrary.HostScripts;

namespace Harn.Vm.Tests.HostLibrary;

public sealed class DateAndCryptoTests
{
    [Fact]
    public void ZoneNamesThatAreNotZonesAreUnknownTimezones()
    {
        Assert.Equal("Runtime error: Unknown timezone: ../../etc/passwd", Error("date_in_zone(date_now(), \"../../etc/passwd\")"));
        var longName = new string('x', 5000);
        Assert.Equal($"Runtime error: Unknown timezone: {longName}", Error($"date_in_zone(date_now(), \"{longName}\")"));
    }

    [Fact]
    public void DatesParseFormatAndConvertZones()
    {
        AssertLines(Output("""
            let ts = date_parse("2026-04-25T17:32:09.481Z")
            println(ts)
            println(date_format(ts, "%Y-%m-%dT%H:%M:%S.%3fZ"))
            println(date_to_zone(ts, "America/Los_Angeles"))
            println(date_parse("2024-01-15 10:00:00+02:00"))
            println(date_format(-1000, "%Y-%m-%d %H:%M:%S"))
            println(date_format(0, "%A %B %j %Z %:z", "Europe/Paris"))
            println(duration_to_human(date_diff(date_parse("2026-01-01"), date_parse("2026-01-02T03:04:05Z"))))
            println(date_add(0, duration_ms(1500)))
            """),
            "1777138329.481",
            "2026-04-25T17:32:09.481Z",
            "2026-04-25T10:32:09.481-07:00",
            "1705305600",
            "1969-12-31 23:43:20",
            "Thursday January 001 CET +01:00",
            "-1d 3h 4m 5s",
            "1.5");
    }

    [Fact]
    public void InvalidDatesAreErrors()
    {
        Assert.Equal("Runtime error: Cannot parse date: 2024-02-30", Error("date_parse(\"2024-02-30\")"));
        Assert.Equal("Runtime error: Cannot parse date: not a date", Error("date_parse(\"not a date\")"));
    }

    [Fact]
    public void HashesAndMacsMatchPublishedVectors()
    {
        AssertLines(Output("""
            println(sha256("abc"))
            println(md5("hello"))
            println(sha3_256(""))
            println(blake3(""))
            println(hmac_sha256("Jefe", "what do ya want for nothing?"))
            println(constant_time_eq("abc", "abd"))
            println(uuid_v5("dns", "harnlang.com") == uuid_v5("dns", "harnlang.com"))
            println(uuid_parse("6BA7B810-9DAD-11D1-80B4-00C04FD430C8"))
            """),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "5d41402abc4b2a76b9719d911017c592",
            "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a",
            "af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            "false",
            "true",
            "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
    }

    [Fact]
    public void Ed25519SignaturesVerifyOnlyForTheSignedMessage()
    {
        AssertLines(Output("""
            let kp = ed25519_keypair()
            let sig = ed25519_sign(kp.private, "m")
            println([ed25519_verify(kp.public, "m", sig), ed25519_verify(kp.public, "n", sig), len(sig)])
            """),
            "[true, false, 128]");
    }

    [Fact]
    public void SignedUrlsRejectTamperingAndExpiry()
    {
        AssertLines(Output("""
            let link = signed_url("/files/a b", {user: "u1"}, "s", 100)
            println(link.starts_with("/files/a%20b?exp=100&user=u1&sig="))
            println(verify_signed_url(link, "s", 90).reason)
            println(verify_signed_url(link.replace("u1", "u2"), "s", 90).reason)
            println(verify_signed_url(link, "s", 101).reason)
            """),
            "true",
            "ok",
            "bad_signature",
            "expired");
    }

    [Fact]
    public void CompressionRoundTrips()
    {
        AssertLines(Output("""
            let data = "hello hello hello hello"
            println(bytes_to_string(gzip_decode(gzip_encode(data))))
            println(bytes_to_string(zstd_decode(zstd_encode(data, 3))))
            println(bytes_to_string(brotli_decode(brotli_encode(data))))
            let tar = tar_extract(tar_create([{path: "a.txt", content: "x", mode: 384}]))
            println([tar[0].path, bytes_to_string(tar[0].content), tar[0].mode])
            """),
            "hello hello hello hello",
            "hello hello hello hello",
            "hello hello hello hello",
            "[a.txt, x, 384]");
        Assert.StartsWith("Runtime error: gzip_decode: invalid compressed data", Error("gzip_decode(bytes_from_hex(\"0001\"))"));
    }
}
