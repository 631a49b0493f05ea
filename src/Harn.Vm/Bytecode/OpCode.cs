namespace Harn.Bytecode;

/// <summary>
/// One VM instruction. Code is an <c>int[]</c>: the opcode, then its operands (see
/// <see cref="OpCodeInfo"/>). Stack effects are written <c>[before] → [after]</c>, top at right.
/// Jump targets are absolute code offsets.
/// </summary>
public enum OpCode
{
    /// <summary>k: [] → [constants[k]].</summary>
    Constant,

    /// <summary>[] → [nil].</summary>
    Nil,

    /// <summary>[] → [true].</summary>
    True,

    /// <summary>[] → [false].</summary>
    False,

    /// <summary>[a] → [].</summary>
    Pop,

    /// <summary>[a] → [a, a].</summary>
    Dup,

    /// <summary>[a, b] → [b, a].</summary>
    Swap,

    /// <summary>slot: [] → [locals[slot]].</summary>
    GetLocal,

    /// <summary>slot: [v] → []; locals[slot] = v.</summary>
    SetLocal,

    /// <summary>slot: [] → [cell.value] where locals[slot] holds a cell.</summary>
    GetCell,

    /// <summary>slot: [v] → []; writes into the cell held by locals[slot].</summary>
    SetCell,

    /// <summary>slot: [v] → []; locals[slot] = a fresh cell holding v.</summary>
    NewCell,

    /// <summary>i: [] → [closure.captures[i].value].</summary>
    GetUpvalue,

    /// <summary>i: [v] → []; closure.captures[i].value = v.</summary>
    SetUpvalue,

    /// <summary>g: [] → [module.globals[g]]; an unset global raises Undefined variable.</summary>
    GetGlobal,

    /// <summary>g: [v] → []; module.globals[g] = v.</summary>
    SetGlobal,

    /// <summary>k, b: [] → [builtin named constants[k]] (b = program-wide name index); unknown names raise Undefined variable.</summary>
    GetName,

    /// <summary>kind, k: [] → raises a runtime error of ErrorKind kind with detail constants[k].</summary>
    Raise,

    /// <summary>[a, b] → [a + b].</summary>
    Add,

    /// <summary>[a, b] → [a - b].</summary>
    Subtract,

    /// <summary>[a, b] → [a * b].</summary>
    Multiply,

    /// <summary>[a, b] → [a / b].</summary>
    Divide,

    /// <summary>[a, b] → [a % b].</summary>
    Modulo,

    /// <summary>[a, b] → [a ** b].</summary>
    Power,

    /// <summary>[a] → [-a].</summary>
    Negate,

    /// <summary>[a] → [!truthy(a)].</summary>
    Not,

    /// <summary>[a] → [truthy(a)].</summary>
    ToBool,

    /// <summary>[a, b] → [a == b].</summary>
    Equal,

    /// <summary>[a, b] → [a != b].</summary>
    NotEqual,

    /// <summary>[a, b] → [a &lt; b].</summary>
    Less,

    /// <summary>[a, b] → [a &gt; b].</summary>
    Greater,

    /// <summary>[a, b] → [a &lt;= b].</summary>
    LessEqual,

    /// <summary>[a, b] → [a &gt;= b].</summary>
    GreaterEqual,

    /// <summary>[item, collection] → [item in collection].</summary>
    Contains,

    /// <summary>target: [] → []; ip = target (a backward jump polls the trap flag).</summary>
    Jump,

    /// <summary>target: [c] → []; jumps when c is falsy.</summary>
    JumpIfFalse,

    /// <summary>target: [c] → []; jumps when c is truthy.</summary>
    JumpIfTrue,

    /// <summary>target: [c] → [c] when jumping, [] otherwise; jumps when c is falsy.</summary>
    JumpIfFalseKeep,

    /// <summary>target: [c] → [c] when jumping, [] otherwise; jumps when c is truthy.</summary>
    JumpIfTrueKeep,

    /// <summary>target: [v] → [v] when jumping, [] otherwise; jumps when v is not nil.</summary>
    JumpIfNotNilKeep,

    /// <summary>target: [v] → [v]; jumps (keeping v) when v is nil (optional chaining).</summary>
    JumpIfNil,

    /// <summary>n: [a1..an] → [list].</summary>
    BuildList,

    /// <summary>n: [k1, v1 .. kn, vn] → [dict]; keys are display texts, later duplicates win.</summary>
    BuildDict,

    /// <summary>[list, xs] → [list + xs]; xs must be a list (spread).</summary>
    ExtendList,

    /// <summary>[dict, d] → [dict merged with d]; d must be a dict (spread).</summary>
    ExtendDict,

    /// <summary>n: [p1..pn] → [concatenation of display(p1..pn)].</summary>
    Concat,

    /// <summary>k: [obj] → [obj.name].</summary>
    GetProperty,

    /// <summary>k: [obj] → [obj?.name].</summary>
    GetPropertyOpt,

    /// <summary>[obj, index] → [obj[index]].</summary>
    Subscript,

    /// <summary>[obj, index] → [obj?[index]].</summary>
    SubscriptOpt,

    /// <summary>[obj, start|nil, end|nil] → [obj[start:end]].</summary>
    Slice,

    /// <summary>k: [obj, v] → [copy of obj with property name set to v].</summary>
    PutProperty,

    /// <summary>[obj, index, v] → [copy of obj with obj[index] = v].</summary>
    PutIndex,

    /// <summary>argc: [callee, a1..an] → [result].</summary>
    Call,

    /// <summary>argc: [callee, a1..an] → [result]; a closure callee replaces the current frame.</summary>
    TailCall,

    /// <summary>[callee, args] → [result]; args is a list.</summary>
    CallSpread,

    /// <summary>k, b, argc: [a1..an] → [result]; calls the builtin named constants[k] (b = program-wide name index).</summary>
    CallBuiltin,

    /// <summary>k, b: [args] → [result]; calls the builtin named constants[k] with a list of args.</summary>
    CallBuiltinSpread,

    /// <summary>k, argc: [recv, a1..an] → [result].</summary>
    MethodCall,

    /// <summary>k, argc: [recv, a1..an] → [result]; nil receiver gives nil.</summary>
    MethodCallOpt,

    /// <summary>k: [recv, args] → [result]; args is a list.</summary>
    MethodCallSpread,

    /// <summary>[v] → (returns v from the current frame).</summary>
    Return,

    /// <summary>f: [] → [closure over functions[f]].</summary>
    Closure,

    /// <summary>slot: [iterable] → []; locals[slot] = an iterator over it.</summary>
    IterInit,

    /// <summary>slot, target: [] → [next item], or jumps to target when exhausted.</summary>
    IterNext,

    /// <summary>target, k: [] → []; installs a handler (catch at target; constants[k] = type name or "" untyped).</summary>
    TryBegin,

    /// <summary>target: [] → []; installs a handler that catches everything and pushes the pending error (for finally/defer).</summary>
    TryFinally,

    /// <summary>[] → []; removes the innermost handler.</summary>
    TryEnd,

    /// <summary>[v] → raises v.</summary>
    Throw,

    /// <summary>[pending] → re-raises a pending error captured by <see cref="TryFinally"/>.</summary>
    Rethrow,

    /// <summary>[r] → [v] for Result.Ok(v); returns r from the function for Result.Err.</summary>
    TryUnwrap,

    /// <summary>[v] → [Result.Ok(v)] unless v already is a Result.</summary>
    WrapOk,

    /// <summary>[e] → [Result.Err(e)].</summary>
    WrapErr,

    /// <summary>e, v, n: [f1..fn] → [enum variant constants[e].constants[v](f1..fn)].</summary>
    BuildEnum,

    /// <summary>e, v: [x] → [x, is x the variant constants[e].constants[v]].</summary>
    IsVariant,

    /// <summary>k: [x] → [x, type_of(x) == constants[k]].</summary>
    IsType,

    /// <summary>n: [x] → [x, x is a list of at least n items].</summary>
    IsListAtLeast,

    /// <summary>k: [methods] → []; registers a dict of closures as the methods of type constants[k].</summary>
    DefineImpl,

    /// <summary>[v] → [nil]; hands v to the generator's consumer.</summary>
    Yield,

    /// <summary>m: [] → [nil]; runs module m's top level once for this VM (a call whose result the compiler pops).</summary>
    ImportModule,

    /// <summary>m, g: [] → [module m's global g].</summary>
    GetModuleGlobal,

    /// <summary>[] → [number of arguments passed to the current frame].</summary>
    GetArgCount,

    /// <summary>[duration] → []; starts a deadline (ms int or duration; anything else 30 s) that raises <c>Deadline exceeded</c> when it passes.</summary>
    DeadlineBegin,

    /// <summary>[] → []; ends the innermost deadline.</summary>
    DeadlineEnd,

    // ---- fused instructions: common sequences in one dispatch --------------------------

    /// <summary>t, j: [a, b] → []; jumps to j when the comparison test t (<see cref="ComparisonTest"/>) of a and b takes it.</summary>
    CompareJump,

    /// <summary>k, t, j: [a] → []; <see cref="CompareJump"/> with constants[k] as b.</summary>
    CompareConstJump,

    /// <summary>s, k, t, j: [] → []; <see cref="CompareJump"/> of local s and constants[k].</summary>
    CompareLocalConstJump,

    /// <summary>k: [a] → [a + constants[k]].</summary>
    AddConst,

    /// <summary>k: [a] → [a - constants[k]].</summary>
    SubtractConst,

    /// <summary>k: [a] → [a * constants[k]].</summary>
    MultiplyConst,

    /// <summary>k: [a] → [a % constants[k]].</summary>
    ModuloConst,

    /// <summary>s: [a] → [a + local s].</summary>
    AddLocal,

    /// <summary>s, k: [] → []; local s = local s + constants[k].</summary>
    AddConstToLocal,

    /// <summary>s, k: [] → []; local s = local s - constants[k].</summary>
    SubtractConstFromLocal,

    /// <summary>s, t: [] → []; local s = local s + local t (<c>total = total + item</c>).</summary>
    AddLocalToLocal,

    /// <summary>s, t, j: [] → []; <see cref="IterNext"/> of cursor s whose item goes straight into local t.</summary>
    IterNextLocal,

    /// <summary>s, k: [] → [local s . constants[k]]; <see cref="GetProperty"/> of a local.</summary>
    GetLocalProperty,

    /// <summary>s, j: [] → [f, item]; the next call of the callback loop in local s, or jump to j when every item is done.</summary>
    LoopNext,

    /// <summary>
    /// s, c, j: [result] → [f, item]; the callback loop in local s keeps the call's result (map) or
    /// the item when it is truthy (filter), then sets up the next call and jumps back to the call
    /// at c, or leaves [] and jumps to j when every item is done.
    /// </summary>
    LoopCollectNext,

    /// <summary>s: [] → [list]; the list the callback loop in local s built.</summary>
    LoopResult,

    /// <summary>slot: [] → [locals[slot]]; <see cref="GetLocal"/> that first releases a collection the local owns (see Runtime.VariableOwnership).</summary>
    GetLocalShared,

    /// <summary>g: [] → [module.globals[g]]; <see cref="GetGlobal"/> that first releases a collection the global owns.</summary>
    GetGlobalShared,

    /// <summary>[obj, index, v] → [obj with obj[index] = v]; <see cref="PutIndex"/> in place when the variable being updated owns obj, else on a copy it will own.</summary>
    PutIndexOwned,

    /// <summary>k: [obj, v] → [obj with property name set to v]; <see cref="PutProperty"/> in place on a dict the variable being updated owns.</summary>
    PutPropertyOwned,

    /// <summary>[a, b] → [a + b]; for <c>d = d + {...}</c> and <c>d += {...}</c>: dicts merge in place when the variable being updated owns a, else into a copy it will own; other values add as <see cref="Add"/> does.</summary>
    AddOwned,
}
