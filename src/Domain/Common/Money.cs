namespace MakCrm.Domain.Common;

/// <summary>
/// Roubles as <c>decimal</c>, and the one rounding rule money follows (ADR 0019): every amount that is computed — a
/// commission from a base and a share — is rounded once, to kopecks, half away from zero (0.005 → 0.01), the
/// arithmetic rounding Russian accounting documents use. Amounts are never rounded twice: each entry is rounded from
/// the exact product, and a reversal copies the rounded entry with the opposite sign.
/// </summary>
public static class Money
{
    public static decimal ToKopecks(decimal roubles) => decimal.Round(roubles, 2, MidpointRounding.AwayFromZero);
}
