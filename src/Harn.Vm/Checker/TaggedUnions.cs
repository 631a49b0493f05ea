namespace Harn.Checker;

/// <summary>Recognises tagged shape unions (discriminated unions) and their discriminant field.</summary>
internal static class TaggedUnions
{
    /// <summary>
    /// The discriminant of a union of two or more shapes: the first field of the first variant that is
    /// required in every member, has a string or int literal type in each, and a distinct value per member.
    /// Null when the union is not a tagged shape union.
    /// </summary>
    public static string? Discriminant(UnionType union)
    {
        if (union.Members.Count < 2 || !union.Members.All(m => m is ShapeType))
        {
            return null;
        }

        var shapes = union.Members.Cast<ShapeType>().ToList();
        foreach (var candidate in shapes[0].Fields)
        {
            var values = new HashSet<object>();
            bool qualifies = shapes.All(shape =>
                shape.Field(candidate.Name) is { IsOptional: false, Type: LiteralType literal } && values.Add(literal.Value));
            if (qualifies)
            {
                return candidate.Name;
            }
        }

        return null;
    }
}
