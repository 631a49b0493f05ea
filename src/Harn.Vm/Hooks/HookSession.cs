using Harn.Hosting;
using Harn.Runtime;
using Harn.Stdlib;

namespace Harn.Hooks;

/// <summary>
/// The hook state of one run: the host's hooks (a snapshot taken when the run starts), the hooks
/// the script registers, the <c>pipeline_on_finish</c> callback, and how the host takes a
/// streamed result. Nothing here is shared between runs.
/// </summary>
internal sealed class HookSession
{
    /// <summary>How deeply hooks may fire hooks (a hook that fires its own event) before the run fails.</summary>
    private const int MaxFireDepth = 32;

    private static readonly RunLocal<HookSession> Sessions = new(() => new HookSession());

    private IReadOnlyList<HookRegistration> _host = [];
    private readonly List<HookRegistration> _script = [];
    private int _fireDepth;

    /// <summary>The session of the run <paramref name="context"/> belongs to.</summary>
    public static HookSession Of(BuiltinContext context) => Sessions.Get(context);

    /// <summary>The <c>@step</c> calls in progress, innermost last (LLM usage is recorded against the last).</summary>
    public List<ActiveStep> ActiveSteps { get; } = [];

    /// <summary>The last callback given to <c>pipeline_on_finish</c>, or nil.</summary>
    public Value OnFinish { get; set; }

    /// <summary>Takes the items of a generator, stream or iter result one at a time; false stops the pulling.</summary>
    public Func<Value, bool>? ResultItems { get; private set; }

    /// <summary>Takes what the host asks for in <paramref name="options"/>: its hooks and its result sink.</summary>
    public void Configure(HarnRunOptions options)
    {
        _host = options.Hooks?.Snapshot() ?? [];
        ResultItems = options.ResultItems;
    }

    public void Register(HookEvent hookEvent, string? pattern, Value handler) =>
        _script.Add(new HookRegistration(hookEvent, pattern, new ClosureHookHandler(handler)));

    /// <summary>Removes the hooks the script registered; the host's stay.</summary>
    public void ClearScriptHooks() => _script.Clear();

    public bool HasHooks(HookEvent hookEvent) =>
        _host.Any(r => r.Event == hookEvent) || _script.Exists(r => r.Event == hookEvent);

    /// <summary>Fires <paramref name="hookEvent"/> reading results with <see cref="HookControl.Parse"/>.</summary>
    public HookControl Fire(BuiltinContext context, HookEvent hookEvent, Value payload) =>
        Fire(context, hookEvent, payload, (_, result) => HookControl.Parse(hookEvent, result));

    /// <summary>
    /// Runs the hooks of <paramref name="hookEvent"/> whose pattern matches, host hooks first, each
    /// in registration order. A Block or Decision ends the chain and is returned; a Modify changes
    /// the payload the next hooks see, and the final payload is returned as a Modify.
    /// </summary>
    /// <param name="interpret">Reads one hook's result given the payload it saw.</param>
    public HookControl Fire(BuiltinContext context, HookEvent hookEvent, Value payload, Func<Value, Value, HookControl> interpret)
    {
        var registrations = _host.Where(r => r.Event == hookEvent).Concat(_script.Where(r => r.Event == hookEvent)).ToArray();
        if (registrations.Length == 0)
        {
            return HookControl.Allow.Instance;
        }

        if (_fireDepth >= MaxFireDepth)
        {
            throw RuntimeErrors.Runtime($"{HookEvents.WireName(hookEvent)} hooks nested more than {MaxFireDepth} levels deep");
        }

        _fireDepth++;
        try
        {
            var modified = false;
            foreach (var registration in registrations)
            {
                if (!HookPattern.Matches(registration.Pattern, payload))
                {
                    continue;
                }

                var control = interpret(payload, registration.Handler.Invoke(context, hookEvent, payload));
                switch (control)
                {
                    case HookControl.Block or HookControl.Decision:
                        return control;
                    case HookControl.Modify modify:
                        payload = HookPayload.Merge(payload, modify.Payload);
                        modified = true;
                        break;
                }
            }

            return modified ? new HookControl.Modify(payload) : HookControl.Allow.Instance;
        }
        finally
        {
            _fireDepth--;
        }
    }
}
