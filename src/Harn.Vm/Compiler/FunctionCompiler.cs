using System.Runtime.CompilerServices;
using Harn.Bytecode;
using Harn.Runtime;
using Harn.Syntax;

namespace Harn.Compiler;

/// <summary>
/// Compiles one function body (fn, closure, pipeline, module top level) into a chunk. Names
/// resolve at compile time: locals to frame slots, names of enclosing functions to captured
/// cells, module-level names to globals, anything else to a builtin looked up at run time.
/// </summary>
internal sealed partial class FunctionCompiler
{
    private readonly ModuleContext _module;
    private readonly FunctionCompiler? _parent;
    private readonly ChunkBuilder _chunk;
    private readonly List<BlockScope> _scopes = new();
    private readonly List<ControlEntry> _control = new();
    private readonly Dictionary<string, int> _captureIndex = new(StringComparer.Ordinal);
    private readonly List<bool> _captureMutable = new();

    /// <summary>Names some nested function refers to; locals with these names live in cells.</summary>
    private readonly HashSet<string> _capturedNames;

    /// <summary>At a module's top level, direct declarations become globals instead of locals.</summary>
    private readonly bool _isModuleTop;

    /// <summary>Function-like bodies (not a module's top level) may use <c>try*</c> and <c>return</c>.</summary>
    private readonly bool _isFunction;

    private int _tempCounter;

    public FunctionCompiler(ModuleContext module, FunctionCompiler? parent, string name, Node body, bool isModuleTop)
    {
        _module = module;
        _parent = parent;
        _isModuleTop = isModuleTop;
        _isFunction = !isModuleTop;
        _chunk = new ChunkBuilder(name, module.SourceFile);
        _capturedNames = AstWalker.NamesUsedInNestedFunctions(body);
    }

    internal ChunkBuilder Builder => _chunk;

    // ---- entry points -------------------------------------------------------------------

    /// <summary>Compiles a fn/closure/pipeline: parameters, default preamble, body, return.</summary>
    public Chunk CompileFunction(IReadOnlyList<Parameter> parameters, Block body, bool returnsLastValue, bool isStream)
    {
        _chunk.IsStream = isStream;
        _chunk.IsGenerator = isStream || AstWalker.ContainsYield(body);
        BeginScope();
        DeclareParameters(parameters);
        SetPosition(body.Span);
        CompileBlockBody(body.Statements, returnsLastValue);
        if (!returnsLastValue)
        {
            Emit(OpCode.Nil);
        }

        Emit(OpCode.Return);
        return _chunk.Build();
    }

    private void DeclareParameters(IReadOnlyList<Parameter> parameters)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            _chunk.ParamNames.Add(parameter.Name);
            var local = DeclareLocalSlot(parameter.Name, mutable: true);
            if (parameter.IsRest)
            {
                _chunk.HasRestParam = true;
            }

            if (parameter.Default is not null && _chunk.DefaultStart < 0)
            {
                _chunk.DefaultStart = i;
            }

            if (local.Slot != i)
            {
                throw new CompileError($"duplicate parameter name '{parameter.Name}'", parameter.Span);
            }
        }

        // Defaults apply only when fewer arguments were passed (an explicit nil stays nil).
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            if (parameter.Default is null)
            {
                continue;
            }

            SetPosition(parameter.Span);
            Emit(OpCode.GetArgCount);
            EmitConstant(Value.FromInt(i + 1));
            Emit(OpCode.GreaterEqual);
            var skip = _chunk.EmitJump(OpCode.JumpIfTrue);
            CompileExpr(parameter.Default);
            Emit(OpCode.SetLocal, i);
            _chunk.PatchJump(skip);
        }

        // Annotated parameters are checked against their type's schema.
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            if (parameter.Type is null || parameter.IsRest || TypeSchemaLowering.Lower(parameter.Type, _module.TypeAliases) is not { } schema)
            {
                continue;
            }

            SetPosition(parameter.Span);
            Emit(OpCode.GetLocal, i);
            EmitString(parameter.Name);
            EmitConstant(schema);
            EmitCallBuiltin("__assert_schema", 3);
            Emit(OpCode.Pop);
        }

        for (var i = 0; i < parameters.Count; i++)
        {
            if (IsBoxed(parameters[i].Name))
            {
                Emit(OpCode.GetLocal, i);
                Emit(OpCode.NewCell, i);
            }
        }
    }

    // ---- emission helpers ---------------------------------------------------------------

    private void Emit(OpCode op) => _chunk.Emit(op);

    private void Emit(OpCode op, int a) => _chunk.Emit(op, a);

    private void Emit(OpCode op, int a, int b) => _chunk.Emit(op, a, b);

    private void Emit(OpCode op, int a, int b, int c) => _chunk.Emit(op, a, b, c);

    private void EmitConstant(Value value) => Emit(OpCode.Constant, _chunk.AddConstant(value));

    private void EmitString(string text) => Emit(OpCode.Constant, _chunk.AddString(text));

    private void SetPosition(Span span)
    {
        if (span.Line > 0)
        {
            _chunk.Line = span.Line;
            _chunk.Column = span.Column;
        }
    }

    private void EmitRaise(ErrorKind kind, string detail) => Emit(OpCode.Raise, (int)kind, _chunk.AddString(detail));

    private void EmitCallBuiltin(string name, int argc) =>
        Emit(OpCode.CallBuiltin, _chunk.AddString(name), _module.Program.RuntimeNameIndex(name), argc);

    /// <summary>Pops values above <paramref name="depth"/> (before jumping out of nested expressions).</summary>
    private void PopTo(int depth)
    {
        var saved = _chunk.Depth;
        for (var i = depth; i < saved; i++)
        {
            Emit(OpCode.Pop);
        }

        _chunk.Depth = saved;
    }

    private static void EnsureStack()
    {
        if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            throw new InsufficientExecutionStackException();
        }
    }

    // ---- scopes and names ---------------------------------------------------------------

    private void BeginScope() => _scopes.Add(new BlockScope());

    private void EndScope() => _scopes.RemoveAt(_scopes.Count - 1);

    private bool IsBoxed(string name) => _capturedNames.Contains(name);

    private LocalVariable DeclareLocalSlot(string name, bool mutable)
    {
        var local = new LocalVariable(name, _chunk.AddSlot(name), mutable, IsBoxed(name));
        _scopes[^1].Locals[name] = local;
        return local;
    }

    /// <summary>A hidden slot for compiler temporaries (never visible to Harn names).</summary>
    private int NewTemp(string purpose) => _chunk.AddSlot(" " + purpose + (_tempCounter++).ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>True when this declaration is the module's top level itself (not inside a nested block).</summary>
    private bool DeclaresGlobals => _isModuleTop && _scopes.Count == 1;

    /// <summary>
    /// Emits the store that declares <paramref name="name"/> with the value on top of the stack.
    /// Redeclaring an immutable name as immutable in the same scope is an error at run time.
    /// </summary>
    private void DeclareAndStore(string name, bool mutable, Span span)
    {
        SetPosition(span);
        if (name == "_")
        {
            Emit(OpCode.Pop);
            return;
        }

        if (DeclaresGlobals)
        {
            if (_scopes[0].Locals.TryGetValue(name, out var previousTop) && !previousTop.IsMutable && !mutable)
            {
                EmitRedeclareError(name);
            }

            _scopes[0].Locals[name] = new LocalVariable(name, -1, mutable, false);
            var global = _module.DeclareGlobal(name, mutable);
            Emit(OpCode.SetGlobal, global);
            return;
        }

        if (_scopes[^1].Locals.TryGetValue(name, out var previous) && !previous.IsMutable && !mutable && previous.Slot >= 0)
        {
            EmitRedeclareError(name);
        }

        var local = DeclareLocalSlot(name, mutable);
        Emit(local.IsBoxed ? OpCode.NewCell : OpCode.SetLocal, local.Slot);
    }

    private void EmitRedeclareError(string name)
    {
        Emit(OpCode.Pop);
        EmitRaise(ErrorKind.Runtime, $"Cannot redeclare immutable variable '{name}' in the same scope (use 'var' for mutable bindings)");
        Emit(OpCode.Nil);
    }

    private enum BindingKind
    {
        Local,
        Upvalue,
        Global,
        Runtime,
    }

    private readonly record struct Binding(BindingKind Kind, int Index, bool IsMutable, bool IsBoxed);

    private Binding Resolve(string name)
    {
        if (TryResolveLocal(name, out var local))
        {
            return local.Slot < 0
                ? new Binding(BindingKind.Global, _module.Globals[name], local.IsMutable, false)
                : new Binding(BindingKind.Local, local.Slot, local.IsMutable, local.IsBoxed);
        }

        var capture = ResolveCapture(name);
        if (capture >= 0)
        {
            return new Binding(BindingKind.Upvalue, capture, _captureMutable[capture], true);
        }

        if (_module.Globals.TryGetValue(name, out var global))
        {
            return new Binding(BindingKind.Global, global, _module.GlobalMutable[global], false);
        }

        return new Binding(BindingKind.Runtime, _module.Program.RuntimeNameIndex(name), false, false);
    }

    private bool TryResolveLocal(string name, out LocalVariable local)
    {
        for (var i = _scopes.Count - 1; i >= 0; i--)
        {
            if (_scopes[i].Locals.TryGetValue(name, out local!))
            {
                return true;
            }
        }

        local = null!;
        return false;
    }

    /// <summary>Index of the captured cell for an enclosing function's local, or -1.</summary>
    private int ResolveCapture(string name)
    {
        if (_captureIndex.TryGetValue(name, out var existing))
        {
            return existing;
        }

        if (_parent is null)
        {
            return -1;
        }

        if (_parent.TryResolveLocal(name, out var local) && local.Slot >= 0)
        {
            if (!local.IsBoxed)
            {
                return -1;
            }

            return AddCapture(name, fromLocal: true, local.Slot, local.IsMutable);
        }

        if (_parent.TryResolveLocal(name, out _))
        {
            // A global of the module's top level: not captured.
            return -1;
        }

        var outer = _parent.ResolveCapture(name);
        return outer < 0 ? -1 : AddCapture(name, fromLocal: false, outer, _parent._captureMutable[outer]);
    }

    private int AddCapture(string name, bool fromLocal, int index, bool mutable)
    {
        var capture = _chunk.Captures.Count;
        _chunk.Captures.Add(new CaptureSource(fromLocal, index, name));
        _captureMutable.Add(mutable);
        _captureIndex[name] = capture;
        return capture;
    }

    private void EmitLoad(string name, Span span)
    {
        SetPosition(span);
        var binding = Resolve(name);
        switch (binding.Kind)
        {
            case BindingKind.Local when binding.IsBoxed:
                Emit(OpCode.GetCell, binding.Index);
                break;
            case BindingKind.Local:
                Emit(_module.UpdatedInPlace.Contains(name) ? OpCode.GetLocalShared : OpCode.GetLocal, binding.Index);
                break;
            case BindingKind.Upvalue:
                Emit(OpCode.GetUpvalue, binding.Index);
                break;
            case BindingKind.Global:
                Emit(_module.UpdatedInPlace.Contains(name) ? OpCode.GetGlobalShared : OpCode.GetGlobal, binding.Index);
                break;
            default:
                Emit(OpCode.GetName, _chunk.AddString(name), binding.Index);
                break;
        }
    }

    /// <summary>
    /// Loads a variable whose value the next instruction only looks into (reads an element or a
    /// property of, or updates for the variable itself): a collection the variable owns stays
    /// owned (see <see cref="InPlaceUpdates"/>). False, emitting nothing, for any other variable.
    /// </summary>
    private bool TryEmitLoadUnreleased(Identifier identifier)
    {
        if (!MayOwnCollection(identifier))
        {
            return false;
        }

        var binding = Resolve(identifier.Name);
        SetPosition(identifier.Span);
        Emit(binding.Kind == BindingKind.Global ? OpCode.GetGlobal : OpCode.GetLocal, binding.Index);
        return true;
    }

    /// <summary>
    /// A variable that element and property updates may change in place: one such an update names
    /// (<see cref="InPlaceUpdates"/>) that is a plain local of this function (no closure reaches
    /// it) or a global of this module.
    /// </summary>
    private bool MayOwnCollection(Expr expression)
    {
        if (expression is not Identifier identifier || !_module.UpdatedInPlace.Contains(identifier.Name)
            || (identifier.Name == "_" && _pipePlaceholder >= 0))
        {
            return false;
        }

        var binding = Resolve(identifier.Name);
        return binding.Kind == BindingKind.Local ? !binding.IsBoxed : binding.Kind == BindingKind.Global;
    }

    /// <summary>Stores the value on top of the stack into an existing binding (assignment).</summary>
    private void EmitStore(string name, Span span)
    {
        SetPosition(span);
        var binding = Resolve(name);
        if (binding.Kind == BindingKind.Runtime)
        {
            Emit(OpCode.Pop);
            EmitRaise(ErrorKind.UndefinedVariable, name);
            return;
        }

        if (!binding.IsMutable)
        {
            Emit(OpCode.Pop);
            EmitRaise(ErrorKind.ImmutableAssignment, name);
            return;
        }

        switch (binding.Kind)
        {
            case BindingKind.Local:
                Emit(binding.IsBoxed ? OpCode.SetCell : OpCode.SetLocal, binding.Index);
                break;
            case BindingKind.Upvalue:
                Emit(OpCode.SetUpvalue, binding.Index);
                break;
            default:
                Emit(OpCode.SetGlobal, binding.Index);
                break;
        }
    }

    /// <summary>The nested function compiler for a closure or fn declared inside this body.</summary>
    private Chunk CompileNested(string name, IReadOnlyList<Parameter> parameters, Block body, bool returnsLastValue, bool isStream)
    {
        var nested = new FunctionCompiler(_module, this, name, body, isModuleTop: false);
        return nested.CompileFunction(parameters, body, returnsLastValue, isStream);
    }

    private void EmitClosure(Chunk function) => Emit(OpCode.Closure, _chunk.AddFunction(function));
}
