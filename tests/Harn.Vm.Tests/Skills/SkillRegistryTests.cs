using Harn.Runtime;
using Harn.Stdlib.Skills;
using Xunit;
using static Harn.Vm.Tests.Agents.AgentTestRunner;

namespace Harn.Vm.Tests.Skills;

public class SkillRegistryTests
{
    [Fact]
    public void Skill_declarations_and_skill_define_build_the_same_registry()
    {
        var output = Run("""
            skill deploy {
              description "Ship it"
              paths ["infra/**"]
              on_activate fn() { log("hi") }
            }
            pipeline default() {
              let entry = skill_find(deploy, "deploy")
              println(deploy._type + " " + to_string(skill_count(deploy)))
              println(entry.description + " " + to_string(entry.paths))
              println(type_of(entry.on_activate))
              println(contains(keys(skill_list(deploy)[0]), "on_activate"))
              let reg = skill_define(skill_define(skill_registry(), "b", {}), "a", {when_to_use: "later"})
              println(skill_list(reg).map({ s -> s.name + ":" + s.description }))
              println(skill_list(skill_define(reg, "b", {description: "replaced"})).map({ s -> s.name + ":" + s.description }))
              println(skill_count(skill_select(reg, ["a", "zzz"])))
              println(skill_count(skill_remove(reg, "a")))
              println(skill_describe(reg))
            }
            """);
        Assert.Equal(
            "skill_registry 1\nShip it [infra/**]\nclosure\nfalse\n[b:, a:]\n[b:replaced, a:]\n1\n1\nAvailable skills:\n- b\n- a\n  when: later\n",
            output);
    }

    [Theory]
    [InlineData("{invocation: 1}", "skill_define: 'invocation' must be a string")]
    [InlineData("{description: [\"x\"]}", "skill_define: 'description' must be a string")]
    [InlineData("{paths: \"src/**\"}", "skill_define: 'paths' must be a list")]
    [InlineData("{allowed_tools: [\"namespace:\"]}", "skill_define: allowed_tools entry 'namespace:' needs a namespace tag (namespace:<tag>)")]
    [InlineData("{allowed_tools: [\"ns:read\"]}", "skill_define: allowed_tools entry 'ns:read' is not a tool name")]
    [InlineData("{on_activate: \"later\"}", "skill_define: 'on_activate' must be a function")]
    public void Skill_define_checks_the_shape_of_known_keys(string config, string message)
    {
        var error = Fails($"pipeline default() {{\n  skill_define(skill_registry(), \"bad\", {config})\n}}");
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Acp_skill_attributes_register_through_skill_define()
    {
        Assert.Equal("ready\n", Run("""
            @acp_skill(name: deploy, when_to_use: "ship it", invocation: "explicit")
            fn deploy_activate() { return "ready" }
            pipeline default() { println(deploy_activate()) }
            """));
        var error = Fails("""
            @acp_skill(name: "deploy", invocation: ["explicit"])
            fn deploy_activate() { return "ready" }
            pipeline default() { println(deploy_activate()) }
            """);
        Assert.Contains("skill_define: 'invocation' must be a string", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keys_pass_through_and_namespace_entries_are_accepted()
    {
        var output = Run("""
            pipeline default() {
              let reg = skill_define(skill_registry(), "x", {owner: "ops", allowed_tools: ["namespace:read", "grep*"]})
              let entry = skill_find(reg, "x")
              println(entry.owner + " " + to_string(entry.allowed_tools))
            }
            """);
        Assert.Equal("ops [namespace:read, grep*]\n", output);
    }

    [Fact]
    public void Frontmatter_reads_scalars_lists_and_block_text_with_snake_case_keys()
    {
        var (fields, body) = SkillFrontmatter.Parse("""
            ---
            name: deploy
            when-to-use: User says "ship" # trailing comment
            argument-hint: "<env>"
            allowed-tools: [bash, "git"]
            paths:
              - infra/**
              - 'Docker file'
            user-invocable: true
            priority: 3
            notes: >
              folded
              text
            ---
            # Body

            text
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        Assert.Equal("deploy", fields.Get("name").AsString);
        Assert.Equal("User says \"ship\"", fields.Get("when_to_use").AsString);
        Assert.Equal("<env>", fields.Get("argument_hint").AsString);
        Assert.Equal(["bash", "git"], fields.Get("allowed_tools").AsList.Select(v => v.AsString));
        Assert.Equal(["infra/**", "Docker file"], fields.Get("paths").AsList.Select(v => v.AsString));
        Assert.True(fields.Get("user_invocable").AsBool);
        Assert.Equal(3, fields.Get("priority").AsInt);
        Assert.Equal("folded text", fields.Get("notes").AsString);
        Assert.Equal("# Body\n\ntext", body);
    }

    [Fact]
    public void A_file_without_frontmatter_is_all_body()
    {
        var (fields, body) = SkillFrontmatter.Parse("# Just markdown\n");
        Assert.Empty(fields);
        Assert.Equal("# Just markdown\n", body);
    }

    [Theory]
    [InlineData("deploy $1 to $2", "deploy prod to eu", "prod", "eu")]
    [InlineData("deploy $1 to $2", "deploy prod to $2", "prod")]
    [InlineData("all: $ARGUMENTS|${ARGUMENTS}", "all: a b|a b", "a", "b")]
    [InlineData("dir=${HARN_SKILL_DIR} sid=$HARN_SESSION_ID", "dir=/skills/x sid=s-1")]
    [InlineData("${UNKNOWN} $HOME $ $1x", "${UNKNOWN} $HOME $ ax", "a")]
    [InlineData("$10", "ten", "1", "2", "3", "4", "5", "6", "7", "8", "9", "ten")]
    public void Render_substitutes_known_placeholders_and_keeps_the_rest(string template, string expected, params string[] arguments)
    {
        Assert.Equal(expected, SkillLoader.Render(template, arguments, "/skills/x", "s-1"));
    }

    [Fact]
    public void Catalog_lists_invocable_skills_sorted_within_the_budget()
    {
        var output = Run("""
            pipeline default() {
              var reg = skill_define(skill_registry(), "zeta", {description: "Last", when_to_use: "at the end"})
              reg = skill_define(reg, "alpha", {short: "First card", description: "ignored"})
              reg = skill_define(reg, "hidden", {description: "Secret", ["disable-model-invocation"]: true})
              let entries = skills_catalog_entries(reg)
              println(entries.map({ e -> e.id }))
              println(render_always_on_catalog(entries, 1000))
              println("--")
              println(render_always_on_catalog(entries, 180))
            }
            """);
        var expected = """
            [alpha, zeta]
            ## Available skills

            These skills are available. Call `load_skill({ name: "<skill-id>" })` to load the full body of a skill when it becomes relevant.

            - `alpha`: First card
            - `zeta`: Last
              when: at the end
            --
            ## Available skills

            These skills are available. Call `load_skill({ name: "<skill-id>" })` to load the full body of a skill when it becomes relevant.

            - `alpha`: First card

            1 more skill was omitted to stay within budget; call `load_skill` with a skill id you already know.

            """.Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.Equal(expected, output);
    }

    [Fact]
    public void Matcher_ranks_by_keywords_names_and_paths_and_skips_disabled_skills()
    {
        static Harn.Runtime.HarnDict Skill(string name, string description, string? paths = null, bool disabled = false)
        {
            var entry = HarnDict.Empty.With("name", Value.FromString(name)).With("description", Value.FromString(description));
            if (paths is not null)
            {
                entry = entry.With("paths", Value.FromList(HarnList.Create([Value.FromString(paths)])));
            }

            return disabled ? entry.With("disable-model-invocation", Value.True) : entry;
        }

        var skills = new[]
        {
            Skill("review", "Review pull requests for correctness"),
            Skill("deploy", "Deploy services to production"),
            Skill("infra", "Infrastructure", "infra/**/*.tf"),
            Skill("secret", "Deploy production secrets", disabled: true),
        };
        Assert.Equal(["deploy"], SkillMatcher.Rank(skills, "Please deploy the services", []).Select(c => c.Name));
        Assert.Equal(["deploy", "review"], SkillMatcher.Rank(skills, "review this deploy", []).Select(c => c.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["infra"], SkillMatcher.Rank(skills, "fix it", ["infra/net/main.tf", "README.md"]).Select(c => c.Name));
        Assert.Empty(SkillMatcher.Rank(skills, "the and for me", []));
    }

    [Theory]
    [InlineData("infra/**", "infra/a/b.tf", true)]
    [InlineData("infra/**", "infrastructure/a.tf", false)]
    [InlineData("docs/**/*.md", "docs/guide.md", true)]
    [InlineData("docs/**/*.md", "docs/a/b/guide.md", true)]
    [InlineData("docs/*.md", "docs/a/guide.md", false)]
    [InlineData("Dockerfile", "services/api/Dockerfile", true)]
    [InlineData("src/?.cs", "src\\a.cs", true)]
    public void Path_globs_keep_single_stars_within_a_segment(string glob, string path, bool matches)
    {
        Assert.Equal(matches, SkillMatcher.PathMatches(glob, path));
    }
}
