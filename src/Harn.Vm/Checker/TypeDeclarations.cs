using Harn.Syntax;

namespace Harn.Checker;

/// <summary>
/// Every user type declaration in the program (structs, enums, interfaces, aliases, impls),
/// wherever it is nested. A name declared twice is ambiguous and treated as unknown.
/// </summary>
internal sealed class TypeDeclarations
{
    private readonly Dictionary<string, Stmt> _types = new(StringComparer.Ordinal);
    private readonly HashSet<string> _ambiguous = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ImplDecl>> _impls = new(StringComparer.Ordinal);

    public TypeDeclarations(ProgramNode program)
    {
        foreach (var node in SyntaxChildren.Descendants(program))
        {
            switch (node)
            {
                case StructDecl s:
                    Add(s.Name, s);
                    break;
                case EnumDecl e:
                    Add(e.Name, e);
                    break;
                case InterfaceDecl i:
                    Add(i.Name, i);
                    break;
                case TypeAliasDecl a:
                    Add(a.Name, a);
                    break;
                case ImplDecl impl:
                    if (!_impls.TryGetValue(impl.TypeName, out var list))
                    {
                        list = [];
                        _impls[impl.TypeName] = list;
                    }

                    list.Add(impl);
                    break;
            }
        }
    }

    /// <summary>The single declaration of a type name, or null when unknown or declared more than once.</summary>
    public Stmt? Find(string name) =>
        !_ambiguous.Contains(name) && _types.TryGetValue(name, out var decl) ? decl : null;

    /// <summary>True when the name is declared as a type at least once (even ambiguously).</summary>
    public bool IsDeclared(string name) => _types.ContainsKey(name);

    public StructDecl? FindStruct(string name) => Find(name) as StructDecl;

    public InterfaceDecl? FindInterface(string name) => Find(name) as InterfaceDecl;

    /// <summary>The methods of every impl block for a type, or null when a method name repeats.</summary>
    public IReadOnlyDictionary<string, FnDecl>? ImplMethods(string typeName)
    {
        var methods = new Dictionary<string, FnDecl>(StringComparer.Ordinal);
        if (_impls.TryGetValue(typeName, out var impls))
        {
            foreach (var method in impls.SelectMany(i => i.Methods))
            {
                if (!methods.TryAdd(method.Name, method))
                {
                    return null;
                }
            }
        }

        return methods;
    }

    private void Add(string name, Stmt decl)
    {
        if (!_types.TryAdd(name, decl))
        {
            _ambiguous.Add(name);
        }
    }
}
