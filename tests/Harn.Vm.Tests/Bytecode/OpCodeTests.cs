using Harn.Runtime;
using System.Text;
using Harn.Bytecode;
using Harn.Hosting;
using Xunit;

namespace Harn.Vm.Tests.Bytecode;

public class OpCodeTests
{
    [Fact]
    public void Every_opcode_has_metadata_and_a_disassembly()
    {
        foreach (var op in Enum.GetValues<OpCode>())
        {
            Assert.True(OpCodeInfo.TryGet(op, out var info), $"{op} has no metadata");
            var builder = new ChunkBuilder("probe", null);
            builder.AddString("name");
            builder.AddSlot("slot");
            builder.AddFunction(new ChunkBuilder("inner", null).Build());
            builder.Captures.Add(new CaptureSource(true, 0, "captured"));
            var operands = info.Operands.Select(_ => 0).ToArray();
            switch (operands.Length)
            {
                case 0: builder.Emit(op); break;
                case 1: builder.Emit(op, operands[0]); break;
                case 2: builder.Emit(op, operands[0], operands[1]); break;
                case 3: builder.Emit(op, operands[0], operands[1], operands[2]); break;
                default: builder.Emit(op, operands[0], operands[1], operands[2], operands[3]); break;
            }

            var chunk = builder.Build();
            Assert.Equal(info.Size, chunk.CodeLength);
            var text = new StringBuilder();
            Assert.Equal(info.Size, Disassembler.DisassembleInstruction(chunk, 0, text));
            Assert.Contains(" " + op, text.ToString());
        }
    }

    [Fact]
    public void The_compiler_emits_every_opcode()
    {
        var directory = Directory.CreateTempSubdirectory("harn-opcodes");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "lib.harn"), "pub fn helper() { return 1 }\n");
            var main = Path.Combine(directory.FullName, "main.harn");
            File.WriteAllText(main, CoverageProgram);
            var program = HarnScript.Compile(File.ReadAllText(main), main).Program;
            var seen = new HashSet<OpCode>();
            foreach (var module in program.Modules)
            {
                Collect(module.TopLevel, seen);
            }

            // The VM's own code for map and filter over lists.
            Collect(CallbackLoop.Chunk, seen);

            var missing = Enum.GetValues<OpCode>().Where(op => !seen.Contains(op)).ToList();
            Assert.Empty(missing);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void Collect(Chunk chunk, HashSet<OpCode> seen)
    {
        var listing = Disassembler.Disassemble(chunk);
        foreach (var op in Enum.GetValues<OpCode>())
        {
            if (listing.Contains(" " + op + " ", StringComparison.Ordinal) || listing.Contains(" " + op + "\n", StringComparison.Ordinal))
            {
                seen.Add(op);
            }
        }
    }

    /// <summary>A program that needs every instruction at least once.</summary>
    private const string CoverageProgram = """
        import { helper } from "lib"
        enum E { A(x) }
        struct P { x: int }
        impl P { fn get(self) { return self.x } }
        var registry = {}
        pipeline default(task) {
          fn f(a, b = 2, ...rest) { return a + b }
          fn g() { return f(1) }
          fn gen() { yield 1 }
          var x = -1 + 2 - 3 * 4 / 5 % 6 ** 2
          let y = !true || false && nil ?? 1
          var c = 0
          let inc = { -> c = c + 1 }
          let k = { -> inc() }
          let z = x == 1 || x != 2 || x < 3 || x > 4 || x <= 5 || x >= 6 || 1 in [1] || (x ? 1 : 2) == 1
          var d = {a: 1, ...{b: 2}}
          d.a = 2
          d = d + {c: 3}
          var l = [1, ...[2]]
          l[0] = 3
          let shared = l
          var nest = {inner: {v: 1}, items: [[1]]}
          nest.inner.v = 2
          nest.items[0][0] = 3
          registry["k"] = 1
          println(registry)
          let s = "v=${x}"
          let sl = l[0:1]
          let o = d?.a
          let oi = l?[0]
          let os = nil?[0:1]
          let m = l.count
          l.contains(1)
          nil?.foo()
          l.contains(...[1])
          f(...[1, 2])
          println(...[1])
          let h = f
          h(...[1])
          for i in [1, 2] { if i == 2 { break } }
          for [k1, k2] in [[1, 2]] { x = x + k1 }
          let r = try { 1 } catch (e: E) { 2 }
          let t = try { throw "x" } finally { log(1) }
          let u = try { Ok(1)? }
          let v = E.A(1)
          match v { E.A(q) -> { q } }
          match {k: 1} { {k: w} -> { w } }
          match [1] { [a1] -> { a1 } }
          let p = P({x: 1})
          p.get()
          println(undefined_builtin_value)
          println(helper())
          deadline 5s { 1 }
          let plain = x * x % x + d.a
          let fused = (x + 1 - 1) * 2 % 2 + x
          x += 1
          x -= 1
          if x < m { println(1) }
          if len(l) > 1 { println(2) }
          if x < 3 { println(3) }
          let nope = 1
          nope = 2
          h(1)
          return g()
        }
        """;
}
