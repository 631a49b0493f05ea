using Harn.Runtime;

namespace Harn.Stdlib.Host;

/// <summary>Registers the host builtins: files and paths, processes, environment, dates, crypto, compression, HTTP, state.</summary>
internal static class HostLibrary
{
    public static void Register(BuiltinRegistry registry)
    {
        Files.Register(registry);
        FileSearch.Register(registry);
        PathHelpers.Register(registry);
        SystemInfo.Register(registry);
        StandardStreams.Register(registry);
        Processes.Register(registry);
        HostCalls.Register(registry);
        CommandPolicies.Register(registry);
        Dates.Register(registry);
        Crypto.Register(registry);
        Uuids.Register(registry);
        Cookies.Register(registry);
        SignedUrls.Register(registry);
        Store.Register(registry);
        Metadata.Register(registry);
        Compression.Register(registry);
        Http.Register(registry);
        InboundHttpServer.Register(registry);
        Multipart.Register(registry);
        Transports.Register(registry);
        HttpServerTls.Register(registry);
        PostgresMock.Register(registry);
        SseServer.Register(registry);
        WebSockets.WebSocketServerBuiltins.Register(registry);
    }
}
