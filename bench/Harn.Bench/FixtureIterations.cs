namespace Harn.Bench;

/// <summary>
/// How many times each fixture goes round its hot loop in one run: the divisor that turns the
/// bytes a run allocates into bytes per iteration.
/// </summary>
internal static class FixtureIterations
{
    public static IReadOnlyDictionary<string, long> ByFixture { get; } = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["arithmetic_loop"] = 200_000,
        ["comparison_loop"] = 200_000,
        ["dict_property_read"] = 150_000,
        ["function_call_loop"] = 100_000,
        ["list_iteration"] = 100_000,
        // The outer loop: each iteration filters 1,000 items and maps the 500 kept.
        ["list_map_filter"] = 200,
        ["local_variable_lookup"] = 200_000,
        ["method_call_dispatch"] = 100_000,
        // Calls: 500 countdowns of 61 calls each (n = 60 down to 0).
        ["recursive_countdown"] = 500 * 61,
        ["string_interpolation_loop"] = 5_000,
        ["struct_field_read"] = 150_000,
    };
}
