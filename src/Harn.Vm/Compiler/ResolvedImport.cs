using Harn.Syntax;

namespace Harn.Compiler;

/// <summary>An import of one module: which module, and each imported name as (importer's global, module's global).</summary>
internal sealed record ResolvedImport(Span Span, int ModuleIndex, IReadOnlyList<(int LocalGlobal, int ExportGlobal)> Bindings);
