using System.Globalization;
using System.Text;

namespace Harn.Runtime;

public static partial class ValueFormatter
{
    /// <summary>Integral floats below this magnitude print with a trailing <c>.0</c>.</summary>
    private const double IntegralWithFractionLimit = 1e15;

    /// <summary>
    /// Formats a float the way Harn does: integral values below 1e15 as <c>N.0</c>, otherwise the
    /// shortest round-trip digits written out in plain decimal (never scientific notation);
    /// <c>NaN</c>, <c>inf</c>, <c>-inf</c>.
    /// </summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == Math.Floor(value) && Math.Abs(value) < IntegralWithFractionLimit)
        {
            // Covers -0.0 too: "R" keeps its sign.
            var integral = ((long)value).ToString(CultureInfo.InvariantCulture);
            return (value == 0 && double.IsNegative(value) ? "-0" : integral) + ".0";
        }

        return ExpandExponent(value.ToString("R", CultureInfo.InvariantCulture));
    }

    /// <summary>Rewrites <c>1.5E+20</c> / <c>1E-07</c> as plain decimal digits.</summary>
    private static string ExpandExponent(string text)
    {
        var e = text.IndexOfAny(['E', 'e']);
        if (e < 0)
        {
            return text;
        }

        var negative = text[0] == '-';
        var mantissa = text.Substring(negative ? 1 : 0, e - (negative ? 1 : 0));
        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var pointPosition = (dot < 0 ? mantissa.Length : dot) + exponent;

        var builder = new StringBuilder(digits.Length + Math.Abs(exponent) + 3);
        if (negative)
        {
            builder.Append('-');
        }

        if (pointPosition <= 0)
        {
            builder.Append("0.").Append('0', -pointPosition).Append(digits);
        }
        else if (pointPosition >= digits.Length)
        {
            builder.Append(digits).Append('0', pointPosition - digits.Length);
        }
        else
        {
            builder.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
        }

        return builder.ToString();
    }
}
