using Harn.Runtime;
using Xunit;
using static Harn.Vm.Tests.StdModules.StdModuleSource;

namespace Harn.Vm.Tests.StdModules;

public class SmallModuleTests
{
    [Fact]
    public void Path_helpers()
    {
        var output = Run(
            "import \"std/path\"\n" +
            "println([ext(\"main.harn\"), ext(\"Makefile\"), stem(\"/src/main.harn\"), stem(\"a/b\")])\n" +
            "println([normalize(\"a\\\\b/c\"), is_absolute(\"/usr/bin\"), is_absolute(\"C:\\\\x\"), is_absolute(\"rel/x\")])\n");

        Assert.Equal("[harn, , main, b]\n[a/b/c, true, true, false]", output);
    }

    [Fact]
    public void Experiment_specs_and_message_helpers()
    {
        var output = Run(
            "import \"std/experiments\"\n" +
            "println(prompt_order_permutation({seed: 42}))\n" +
            "let spec = custom(\"tail\", { ctx -> ctx })\n" +
            "println([spec.name, spec.label, type_of(spec.transform)])\n" +
            "let messages = [{role: \"user\", content: \"a\"}, {role: \"assistant\", content: \"b\"}, {role: \"user\", content: [1]}]\n" +
            "println(latest_string_user_message(messages))\n" +
            "println(replace_message(messages, 1, {role: \"assistant\", content: \"c\"})[1].content)\n" +
            "println(len(append_message(prepend_message(messages, 1), 2)))\n");

        Assert.Equal(
            string.Join(
                "\n",
                "{_type: structural_experiment, args: {seed: 42}, label: prompt_order_permutation, name: prompt_order_permutation}",
                "[custom, tail, closure]",
                "{index: 0, message: {content: a, role: user}}",
                "c",
                "5"),
            output);
    }

    [Fact]
    public void Checkpoint_stages_run_once_and_retry()
    {
        var store = new Dictionary<string, Value>();
        var count = 0;
        var output = Run(
            "import \"std/checkpoint\"\n" +
            "println(checkpoint_stage(\"a\", fn() { 42 }))\n" +
            "println(checkpoint_stage(\"a\", fn() { 99 }))\n" +
            "println(checkpoint_stage_retry(\"r\", 3, fn() {\n  if next_count() < 3 {\n    throw \"flaky\"\n  }\n  \"done\"\n}))\n" +
            "println(next_count())\n" +
            "println(try { checkpoint_stage_retry(\"x\", 2, fn() { throw \"always\" }) })\n",
            r =>
            {
                r.Register("next_count", (_, _) => Value.FromInt(++count));
                r.Register("checkpoint_exists", (_, args) => Value.FromBool(store.ContainsKey(args[0].AsString)));
                r.Register("checkpoint_get", (_, args) => store.GetValueOrDefault(args[0].AsString));
                r.Register("checkpoint", (_, args) =>
                {
                    store[args[0].AsString] = args[1];
                    return Value.Nil;
                });
            });

        Assert.Equal("42\n42\ndone\n4\nResult.Err(always)", output);
    }

    [Fact]
    public void Wait_for_polls_until_the_condition_or_the_timeout()
    {
        var clock = 0L;
        var count = 0;
        var output = Run(
            "import { wait_for } from \"std/monitors\"\n" +
            "let matched = wait_for({wait_id: \"w\", timeout: 1000, poll_interval: 100, source: {label: \"s\", poll: { _ -> next_count() }}, condition: { n -> n >= 3 }})\n" +
            "println([matched.status, matched.poll_count, matched.state, matched.elapsed_ms])\n" +
            "let late = wait_for({timeout: 250, poll_interval: 100, source: {poll: { _ -> false }}, condition: { s -> s }})\n" +
            "println([late.status, late.poll_count, late.reason])\n",
            r =>
            {
                r.Register("next_count", (_, _) => Value.FromInt(++count));
                r.Register("elapsed", (_, _) => Value.FromInt(clock));
                r.Register("sleep", (_, args) =>
                {
                    clock += args[0].AsInt;
                    return Value.Nil;
                });
            });

        Assert.Equal("[matched, 3, 3, 200]\n[timed_out, 3, condition not met within 250ms]", output);
    }
}
