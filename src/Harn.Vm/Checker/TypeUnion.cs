namespace Harn.Checker;

/// <summary>Builds normalised unions: nested unions flattened, duplicates and `never` dropped.</summary>
internal static class TypeUnion
{
    /// <summary>The union of <paramref name="members"/>; unknown if any member is unknown.</summary>
    public static CheckerType? Of(IEnumerable<CheckerType?> members)
    {
        var flat = new List<CheckerType>();
        foreach (var member in members)
        {
            if (member is null)
            {
                return null;
            }

            foreach (var part in member is UnionType union ? union.Members : [member])
            {
                if (part != SpecialType.Never && !flat.Contains(part))
                {
                    flat.Add(part);
                }
            }
        }

        return flat.Count switch
        {
            0 => SpecialType.Never,
            1 => flat[0],
            _ => new UnionType(flat),
        };
    }
}
