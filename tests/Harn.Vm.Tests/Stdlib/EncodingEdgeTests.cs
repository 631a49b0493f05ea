using static Harn.Vm.Tests.Stdlib.StdlibAssert;
using Xunit;

namespace Harn.Vm.Tests.Stdlib;

/// <summary>Edge cases of the encodings (<c>Encodings</c>): empty input, invalid input, UTF-8 of non-ASCII text, url encoding.</summary>
public sealed class EncodingEdgeTests
{
    [Fact]
    public void EmptyInputEncodesToEmpty()
    {
        Prints("""
            println(base64_encode("") == "")
            println(hex_decode("") == "")
            println(base32_encode("") == "")
            println(url_encode("") == "")
            println(bytes_len(bytes_from_string("")))
            """,
            "true", "true", "true", "true", "0");
    }

    [Fact]
    public void InvalidInputThrows()
    {
        Fails("base64_decode(\"!!!\")", "Runtime error: base64_decode: invalid input");
        Fails("hex_decode(\"zz\")", "Runtime error: hex_decode: invalid input");
        Fails("hex_decode(\"abc\")", "Runtime error: hex_decode: invalid input");
        Fails("base32_decode(\"1\")", "Runtime error: base32_decode: invalid input");
        Fails("bytes_len(\"x\")", "Type error: bytes_len: expected bytes, got string");
    }

    [Fact]
    public void NonAsciiTextIsEncodedAsUtf8()
    {
        Prints("""
            println(base64_encode("é"))
            println(base64_decode("w6k="))
            println(hex_encode("é"))
            println(bytes_len(bytes_from_string("é")))
            println(base32_encode("f"))
            println(base64url_encode("??>"))
            """,
            "w6k=", "é", "c3a9", "2", "MY======", "Pz8-");
    }

    [Fact]
    public void UrlEncodingKeepsOnlyUnreservedCharacters()
    {
        Prints("""
            println(url_encode("a b/é~-_.!"))
            println(url_decode("a+b%C3%A9%2f"))
            println(url_decode("100%"))
            println(url_decode("%zz"))
            println(url_decode(url_encode("😀 & = ?")))
            """,
            "a%20b%2F%C3%A9~-_.%21", "a bé/", "100%", "%zz", "😀 & = ?");
    }
}
