using Harn.Syntax;

namespace Harn.Checker;

internal sealed partial class BodyChecker
{
    private CheckerType? InferBinary(BinaryExpr binary)
    {
        var left = Infer(binary.Left);
        var right = Infer(binary.Right);
        switch (binary.Op)
        {
            case BinaryOp.Equal or BinaryOp.NotEqual or BinaryOp.Less or BinaryOp.Greater or BinaryOp.LessEqual
                or BinaryOp.GreaterEqual or BinaryOp.In or BinaryOp.NotIn or BinaryOp.And or BinaryOp.Or:
                return PrimitiveType.Bool;
            case BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Modulo:
                return Arithmetic(binary, Scalar(left), Scalar(right));
            default:
                return null;
        }
    }

    /// <summary>The scalar type of an operand when it is one the operator rules cover (literal types widen to their base).</summary>
    private static PrimitiveType? Scalar(CheckerType? type) => type switch
    {
        LiteralType literal => literal.BaseType,
        PrimitiveType primitive when primitive != PrimitiveType.Bytes => primitive,
        _ => null,
    };

    /// <summary>Result type of an arithmetic operator on two known scalars; reports combinations that always fail.</summary>
    private PrimitiveType? Arithmetic(BinaryExpr binary, PrimitiveType? left, PrimitiveType? right)
    {
        if (left is null || right is null)
        {
            return null;
        }

        if (left.IsNumeric && right.IsNumeric)
        {
            return left == PrimitiveType.Float || right == PrimitiveType.Float ? PrimitiveType.Float : PrimitiveType.Int;
        }

        switch (binary.Op)
        {
            case BinaryOp.Add:
                if (left == PrimitiveType.String && right == PrimitiveType.String)
                {
                    return PrimitiveType.String;
                }

                _diagnostics.Report(binary, $"can't add {left.Name} and {right.Name}");
                return null;
            case BinaryOp.Multiply:
                if ((left == PrimitiveType.String && right == PrimitiveType.Int) || (left == PrimitiveType.Int && right == PrimitiveType.String))
                {
                    return PrimitiveType.String;
                }

                _diagnostics.Report(binary, $"can't multiply {left.Name} and {right.Name} (try string * int)");
                return null;
            default:
                string symbol = binary.Op switch
                {
                    BinaryOp.Subtract => "-",
                    BinaryOp.Divide => "/",
                    _ => "%",
                };
                _diagnostics.Report(binary, $"can't use '{symbol}' on {left.Name} and {right.Name} (needs numeric operands)");
                return null;
        }
    }
}
