using Xunit;
using static Harn.Vm.Tests.StdModules.StdModuleSource;

namespace Harn.Vm.Tests.StdModules;

public class StdModuleBehaviourTests
{
    private static string Lines(params string[] lines) => string.Join("\n", lines);

    [Fact]
    public void Math_basics_keep_int_results_and_spell_floats()
    {
        var output = Run(Lines(
            "import \"std/math\"",
            "println(clamp(150, 0, 100))",
            "println(lerp(0, 10, 0.5))",
            "println(map_range(50, 0, 100, 0, 1))",
            "println(sum([1, 2, 3, 4]))",
            "println(sum([1, 2.5]))",
            "println(avg([10, 20, 30]))",
            "println(avg([]))",
            "println(median([1, 2, 10, 20]))",
            "println(percentile([1, 2, 3, 4], 75))",
            "println(deg_to_rad(180))"));

        Assert.Equal(Lines("100", "5.0", "0.5", "10", "3.5", "20.0", "0", "6.0", "3.25", "3.141592653589793"), output);
    }

    [Fact]
    public void Math_statistics()
    {
        var output = Run(Lines(
            "import \"std/math\"",
            "println(argsort([3, 1, 2]))",
            "println(top_k([1, 3, 3, 2], 3))",
            "println(top_k([\"a\", \"bbbb\", \"cc\"], 2, { x -> len(x) }))",
            "println(variance([1, 2, 3, 4]))",
            "println(stddev([2, 4, 4, 4, 5, 5, 7, 9]))",
            "println(zscore([7, 7, 7]))",
            "println(minmax_scale([10, 20, 30]))",
            "println(weighted_mean([10, 20, 30], [1, 2, 3]))",
            "println(softmax([1, 2, 3]))",
            "println(moving_avg([1, 2, 3, 4, 5], 3))",
            "println(ema([10, 20, 30], 0.5))",
            "println(covariance([1, 2, 3], [2, 4, 6], true))",
            "println(correlation([1, 2, 3], [6, 4, 2]))"));

        Assert.Equal(
            Lines(
                "[1, 2, 0]",
                "[3, 3, 2]",
                "[bbbb, cc]",
                "1.25",
                "2.0",
                "[0.0, 0.0, 0.0]",
                "[0.0, 0.5, 1.0]",
                "23.333333333333332",
                "[0.09003057317038046, 0.24472847105479764, 0.6652409557748218]",
                "[2.0, 3.0, 4.0]",
                "[10.0, 15.0, 22.5]",
                "2.0",
                "-1.0"),
            output);
    }

    [Fact]
    public void Math_normal_distribution_is_accurate()
    {
        var output = Run(Lines(
            "import \"std/math\"",
            "println(normal_pdf(0))",
            "println(normal_cdf(0))",
            "println(round(normal_cdf(1.96) * 1000000))",
            "println(round(normal_quantile(0.975) * 1000000))",
            "println(normal_quantile(0.5, 10, 2))"));

        Assert.Equal(Lines("0.3989422804014327", "0.5", "975002", "1959964", "10.0"), output);
    }

    [Fact]
    public void Math_vectors_and_kmeans()
    {
        var output = Run(Lines(
            "import \"std/math\"",
            "println(dot([1, 2, 3], [4, 5, 6]))",
            "println(vector_normalize([3, 4]))",
            "println(cosine_similarity([1, 0], [1, 1]))",
            "println(chebyshev_distance([1, 2], [4, 6]))",
            "println(kmeans([[0, 0], [0, 1], [10, 10], [10, 11]], 2))"));

        Assert.Equal(
            Lines(
                "32.0",
                "[0.6, 0.8]",
                "0.7071067811865475",
                "4.0",
                "{assignments: [0, 0, 1, 1], centroids: [[0.0, 0.5], [10.0, 10.5]], converged: true, counts: [2, 2], inertia: 1.0, iterations: 2}"),
            output);
    }

    [Theory]
    [InlineData("median([])", "Thrown: median: items must not be empty")]
    [InlineData("variance([1], true)", "Thrown: variance: sample variance requires at least 2 values")]
    [InlineData("percentile([1, 2], 101)", "Thrown: percentile: percentile must be between 0 and 100")]
    [InlineData("normal_quantile(1)", "Thrown: normal_quantile: probability must be between 0 and 1 (exclusive)")]
    [InlineData("weighted_mean([1, 2], [1])", "Thrown: weighted_mean: items and weights must have the same length")]
    [InlineData("vector_normalize([0, 0])", "Thrown: vector_normalize: cannot normalize a zero vector")]
    [InlineData("kmeans([[1, 2]], 0)", "Thrown: kmeans: k must be at least 1")]
    [InlineData("kmeans([[1, 2], [3]], 1)", "Thrown: kmeans: all points must have the same dimension")]
    [InlineData("dot([1], [1, 2])", "Thrown: dot: vectors must have the same length")]
    public void Math_errors(string call, string expected)
    {
        Assert.Equal(expected, Failure("import \"std/math\"\n" + call + "\n"));
    }

    [Fact]
    public void Text_helpers()
    {
        var output = Run(Lines(
            "import \"std/text\"",
            "println(int_to_string(3.9))",
            "println(float_to_string(2))",
            "println(parse_int_or(\" 7 \", 0))",
            "println(parse_int_or(\"7.5\", 0))",
            "println(parse_float_or(\"oops\", 1.5))",
            "println(truncate_head_tail(\"a\\nb\\nc\\nd\\ne\\nf\", 1))",
            "println(extract_paths(\"see https://x.io/a/b.html and src/a.rs, src/a.rs (lib/b.py) 1.2/3.4\\n// /skip/me.txt\"))",
            "println(parse_cells(\"```\\nplain\\n```\\n```call\\nx\"))",
            "println(detect_compile_error(\"all tests passed\"))",
            "println(has_got_want(\"Got: 1\\nExpected: 2\"))",
            "println(format_test_errors(\"ok a\\nFAIL b\\npanic: c\"))"));

        Assert.Equal(
            Lines(
                "3",
                "2.0",
                "7",
                "0",
                "1.5",
                "a",
                "... (4 lines omitted) ...",
                "f",
                "[lib/b.py, src/a.rs]",
                "[{code: plain, lang: , type: code}, {code: x, lang: , type: call}]",
                "false",
                "true",
                "FAIL b",
                "panic: c"),
            output);
    }

    [Fact]
    public void Json_and_collections_helpers()
    {
        var output = Run(Lines(
            "import \"std/json\"",
            "import \"std/collections\"",
            "println(pretty({a: [1]}))",
            "println(safe_parse(\"[1, 2\"))",
            "println(safe_parse(\"[1, 2]\"))",
            "println(merge({a: 1, b: 2}, {b: 3}))",
            "println(pick({a: 1, b: 2}, [\"b\", \"z\"]))",
            "println(omit({a: 1, b: 2}, [\"a\", \"z\"]))",
            "println(filter_nil({a: nil, b: \"\", c: \"null\", d: 0, e: false}))"));

        Assert.Equal(
            Lines("{", "  \"a\": [", "    1", "  ]", "}", "nil", "[1, 2]", "{a: 1, b: 3}", "{b: 2}", "{b: 2}", "{d: 0, e: false}"),
            output);
    }

    [Fact]
    public void Schema_builders_make_canonical_schemas()
    {
        var output = Run(Lines(
            "import \"std/schema\"",
            "let user = schema_object({name: schema_field(schema_string()), age: schema_optional(schema_int()), role: schema_default(schema_string(), \"user\")}, {additional_properties: false})",
            "println(user)",
            "println(is_type({name: \"Ada\"}, user))",
            "println(is_type({name: \"Ada\", extra: 1}, user))",
            "println(get_typed_value({name: \"Ada\"}, user, true).role)",
            "println(is_err(get_typed_result({name: 1}, user)))",
            "println(schema_enum([\"a\", \"b\"]))",
            "println(is_type(3, schema_union([schema_int(), schema_string()])))",
            "println(schema_openapi(user).type)"));

        Assert.Equal(
            Lines(
                "{additional_properties: false, properties: {age: {type: int}, name: {type: string}, role: {default: user, type: string}}, required: [name], type: dict}",
                "true",
                "false",
                "user",
                "true",
                "{enum: [a, b], type: string}",
                "true",
                "object"),
            output);
    }

    [Fact]
    public void Context_renders_sections_and_composes_prompts()
    {
        var output = Run(Lines(
            "import \"std/context\"",
            "let ctx = context([section(\"a\", \"one\", nil), nil, context_attach(\"f\", \"x.rs\", \"body\", {max_chars: 9})], nil)",
            "println(context_render(ctx))",
            "println(prompt_compose(\"Do it\", ctx, nil).prompt)"));

        Assert.Equal(
            Lines(
                "[a]",
                "one",
                "",
                "[f]",
                "Path: x.r",
                "[a]",
                "one",
                "",
                "[f]",
                "Path: x.r",
                "",
                "<workflow_task>",
                "<label>Task</label>",
                "<instructions>",
                "Do it",
                "</instructions>",
                "</workflow_task>"),
            output);
    }
}
