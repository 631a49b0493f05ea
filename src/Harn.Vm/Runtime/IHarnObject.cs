namespace Harn.Runtime;

/// <summary>A reference value that knows its own Harn type name and display text.</summary>
public interface IHarnObject
{
    /// <summary>The name <c>type_of</c> returns.</summary>
    string TypeName { get; }

    /// <summary>The text <c>to_string</c>, <c>log</c> and interpolation show.</summary>
    string Display();
}
