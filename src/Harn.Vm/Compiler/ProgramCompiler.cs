using Harn.Bytecode;
using Harn.Checker;
using Harn.Hosting;
using Harn.Syntax;

namespace Harn.Compiler;

/// <summary>
/// Compiles a program: the entry source and, recursively, every module it imports (relative
/// files and embedded <c>std/</c> modules). Collects every diagnostic instead of stopping at the first.
/// </summary>
internal sealed class ProgramCompiler
{
    private const string StdPrefix = "std/";

    private readonly List<CompiledModule?> _modules = new();
    private readonly Dictionary<string, int> _moduleIndex = new(StringComparer.Ordinal);
    private readonly Dictionary<int, Dictionary<string, int>> _exports = new();
    private readonly List<string> _loading = new();
    private readonly List<string> _runtimeNames = new();
    private readonly Dictionary<string, int> _runtimeNameIndex = new(StringComparer.Ordinal);
    private readonly List<HarnDiagnostic> _diagnostics = new();
    private IReadOnlyList<string> _entryParameters = [];

    public IReadOnlyList<HarnDiagnostic> Diagnostics => _diagnostics;

    /// <summary>Compiles <paramref name="source"/> as the entry module; null when there are diagnostics.</summary>
    public CompiledProgram? Compile(string source, string? path)
    {
        var key = path is null ? "<entry>" : Path.GetFullPath(path);
        _modules.Add(null);
        _moduleIndex[key] = 0;
        _loading.Add(key);
        CompileModule(0, source, path, isEntry: true);
        _loading.Remove(key);
        if (_diagnostics.Count > 0)
        {
            return null;
        }

        return new CompiledProgram(_modules.Select(m => m!).ToArray(), _entryParameters, _runtimeNames.ToArray());
    }

    /// <summary>Program-wide index of a name resolved at run time (a builtin).</summary>
    public int RuntimeNameIndex(string name)
    {
        if (!_runtimeNameIndex.TryGetValue(name, out var index))
        {
            index = _runtimeNames.Count;
            _runtimeNames.Add(name);
            _runtimeNameIndex[name] = index;
        }

        return index;
    }

    private void CompileModule(int index, string source, string? path, bool isEntry)
    {
        var parsed = Parser.Parse(source, path);
        if (parsed.Diagnostics.Count > 0)
        {
            Fail(index, path, parsed.Diagnostics);
            return;
        }

        var program = parsed.Program;

        // Static type and semantic errors stop the run before it starts, as upstream's checker does.
        // Only the entry file is checked: imported modules are checked when they are run themselves.
        if (isEntry)
        {
            var typeErrors = TypeChecker.Check(program, path);
            if (typeErrors.Count > 0)
            {
                Fail(index, path, typeErrors);
                return;
            }
        }

        var context = new ModuleContext(this, path) { UpdatedInPlace = InPlaceUpdates.RootsIn(program) };
        try
        {
            CollectDeclarations(program, context);
            var imports = ResolveImports(program, context, path);
            var pipelines = program.Statements.OfType<PipelineDecl>().ToList();
            var entry = isEntry ? pipelines.FirstOrDefault(p => p.Name == "default") ?? pipelines.FirstOrDefault() : null;
            var compiler = new FunctionCompiler(context, null, string.Empty, program, isModuleTop: true);
            var top = compiler.CompileModuleTop(program, imports, entry, pipelines, isEntry);
            _modules[index] = new CompiledModule(path, top, context.GlobalNames.ToArray());
            _exports[index] = CollectExports(program, context, imports);
            if (isEntry && entry is not null)
            {
                _entryParameters = entry.Parameters.Select(p => p.Name).ToArray();
            }
        }
        catch (CompileError error)
        {
            Fail(index, path, [new HarnDiagnostic($"Compile error at line {error.Span.Line}: {error.Message}", error.Span.Line, error.Span.Column, path)]);
        }
        catch (InsufficientExecutionStackException)
        {
            Fail(index, path, [new HarnDiagnostic("Compile error: program is nested too deeply", program.Span.Line, program.Span.Column, path)]);
        }
    }

    /// <summary>Records why module <paramref name="index"/> did not compile and leaves an empty module in its place.</summary>
    private void Fail(int index, string? path, IEnumerable<HarnDiagnostic> diagnostics)
    {
        _diagnostics.AddRange(diagnostics);
        _modules[index] = EmptyModule(path);
        _exports[index] = new Dictionary<string, int>(StringComparer.Ordinal);
    }

    private static CompiledModule EmptyModule(string? path) => new(path, new ChunkBuilder(string.Empty, path).Build(), []);

    /// <summary>Enum names, struct layouts and every top-level binding (so functions may refer to names declared later).</summary>
    private static void CollectDeclarations(ProgramNode program, ModuleContext context)
    {
        foreach (var statement in program.Statements)
        {
            switch (statement)
            {
                case EnumDecl enumDecl:
                    context.EnumNames.Add(enumDecl.Name);
                    break;
                case StructDecl structDecl:
                    context.Structs[structDecl.Name] = structDecl.Fields.Select(f => f.Name).ToArray();
                    break;
                case FnDecl fn:
                    context.DeclareGlobal(fn.Name, mutable: false);
                    break;
                case ToolDecl tool:
                    context.DeclareGlobal(tool.Name, mutable: false);
                    break;
                case SkillDecl skill:
                    context.DeclareGlobal(skill.Name, mutable: false);
                    break;
                case VariableDecl variable:
                    foreach (var name in BoundNames(variable.Target))
                    {
                        context.DeclareGlobal(name, variable.IsMutable);
                    }

                    break;
            }
        }

        // Nested declarations of enums and structs are visible module-wide too (they are types, not values).
        AstWalker.Walk(program, node =>
        {
            switch (node)
            {
                case EnumDecl enumDecl:
                    context.EnumNames.Add(enumDecl.Name);
                    break;
                case StructDecl structDecl:
                    context.Structs.TryAdd(structDecl.Name, structDecl.Fields.Select(f => f.Name).ToArray());
                    break;
                case TypeAliasDecl alias:
                    context.TypeAliases.TryAdd(alias.Name, alias.Type);
                    break;
            }

            return true;
        });
    }

    private static IEnumerable<string> BoundNames(BindingTarget target) => target switch
    {
        NameTarget { Name: not "_" } name => [name.Name],
        DictTarget dict => dict.Fields.SelectMany(f => BoundNames(f.Target)).Concat(dict.Rest is null ? [] : [dict.Rest]),
        ListTarget list => list.Elements.SelectMany(e => BoundNames(e.Target)).Concat(list.Rest is null ? [] : [list.Rest]),
        PairTarget pair => BoundNames(pair.First).Concat(BoundNames(pair.Second)),
        _ => [],
    };

    private List<ResolvedImport> ResolveImports(ProgramNode program, ModuleContext context, string? importerPath)
    {
        var imports = new List<ResolvedImport>();
        var importedFrom = new Dictionary<string, (int Module, int Global)>(StringComparer.Ordinal);
        foreach (var import in program.Statements.OfType<ImportDecl>())
        {
            var moduleIndex = LoadModule(import, importerPath);
            if (moduleIndex < 0)
            {
                continue;
            }

            var exports = _exports[moduleIndex];
            var names = import.Names ?? (IReadOnlyList<string>)exports.Keys.Order(StringComparer.Ordinal).ToList();
            var bindings = new List<(int, int)>();
            var moduleGlobals = _modules[moduleIndex]!.GlobalNames;
            foreach (var name in names)
            {
                int exportGlobal;
                if (!exports.TryGetValue(name, out exportGlobal))
                {
                    // A selective import may name any top-level function, exported or not.
                    var found = moduleGlobals.ToList().IndexOf(name);
                    if (import.Names is null || found < 0)
                    {
                        throw new CompileError($"Import error: '{name}' is not defined in {import.Path}", import.Span);
                    }

                    exportGlobal = found;
                }

                if (importedFrom.TryGetValue(name, out var previous))
                {
                    // Importing the very same function again (e.g. wildcard and selective) is harmless.
                    if (previous == (moduleIndex, exportGlobal))
                    {
                        continue;
                    }

                    throw ImportCollision(name, import);
                }

                if (context.Globals.ContainsKey(name))
                {
                    throw ImportCollision(name, import);
                }

                importedFrom[name] = (moduleIndex, exportGlobal);
                bindings.Add((context.DeclareGlobal(name, mutable: false), exportGlobal));
            }

            imports.Add(new ResolvedImport(import.Span, moduleIndex, bindings));
        }

        return imports;
    }

    private static CompileError ImportCollision(string name, ImportDecl import) => new(
        $"Import collision: '{name}' is already defined when importing {import.Path}. Use selective imports to disambiguate",
        import.Span);

    /// <summary>Exported names: <c>pub</c> fns if any fn is public, else every fn; plus names re-exported by <c>pub import</c>.</summary>
    private static Dictionary<string, int> CollectExports(ProgramNode program, ModuleContext context, List<ResolvedImport> imports)
    {
        var functions = program.Statements.OfType<FnDecl>().ToList();
        var anyPublic = functions.Any(f => f.IsPublic);
        var exports = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var fn in functions.Where(f => !anyPublic || f.IsPublic))
        {
            exports[fn.Name] = context.Globals[fn.Name];
        }

        var importDecls = program.Statements.OfType<ImportDecl>().ToList();
        foreach (var import in imports)
        {
            var decl = importDecls.FirstOrDefault(d => d.Span == import.Span);
            if (decl is { IsPublic: true })
            {
                foreach (var (localGlobal, _) in import.Bindings)
                {
                    exports[context.GlobalNames[localGlobal]] = localGlobal;
                }
            }
        }

        return exports;
    }

    /// <summary>Index of the imported module, compiling it on first use; -1 after reporting a problem.</summary>
    private int LoadModule(ImportDecl import, string? importerPath)
    {
        string key;
        string source;
        string? path;
        if (import.Path.StartsWith(StdPrefix, StringComparison.Ordinal))
        {
            key = "<stdlib>/" + import.Path[StdPrefix.Length..] + ".harn";
            path = null;
            using var stream = typeof(ProgramCompiler).Assembly.GetManifestResourceStream(import.Path + ".harn");
            if (stream is null)
            {
                throw new CompileError($"Unknown stdlib module: {import.Path}", import.Span);
            }

            if (_moduleIndex.TryGetValue(key, out var cached))
            {
                return cached;
            }

            using var reader = new StreamReader(stream);
            source = reader.ReadToEnd();
        }
        else
        {
            if (import.Path.Contains('\0', StringComparison.Ordinal))
            {
                // The file system rejects such a path with a host exception; no file can have it.
                throw new CompileError($"Import error: cannot read '{import.Path}': the path contains a NUL character", import.Span);
            }

            var baseDirectory = importerPath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(importerPath))!;
            var candidate = Path.GetFullPath(Path.Combine(baseDirectory, import.Path));
            if (!File.Exists(candidate) && File.Exists(candidate + ".harn"))
            {
                candidate += ".harn";
            }

            key = candidate;
            path = candidate;
            if (_moduleIndex.TryGetValue(key, out var cached))
            {
                if (_loading.Contains(key))
                {
                    var cycle = string.Join(" -> ", _loading.SkipWhile(k => k != key).Append(key).Select(Path.GetFileName));
                    throw new CompileError($"Import cycle: {cycle}", import.Span);
                }

                return cached;
            }

            try
            {
                source = File.ReadAllText(candidate);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                throw new CompileError($"Import error: cannot read '{import.Path}': {error.Message}", import.Span);
            }
        }

        var index = _modules.Count;
        _modules.Add(null);
        _moduleIndex[key] = index;
        _loading.Add(key);
        CompileModule(index, source, path, isEntry: false);
        _loading.Remove(key);
        return index;
    }
}
