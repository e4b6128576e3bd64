namespace MakCrm.Bench;

/// <summary>
/// The order in which the two sides of a comparison take their measured slices: A, B, B, A, A, B, B, A, ... so that each
/// side's k-th slice is as early on average as the other's, and a machine that speeds up or slows down during the run
/// weighs on both alike.
/// </summary>
internal static class Turns
{
    public static IEnumerable<T> Abba<T>(T first, T second, int slicesPerSide)
    {
        for (var pair = 0; pair < slicesPerSide; pair++)
        {
            var (a, b) = pair % 2 == 0 ? (first, second) : (second, first);
            yield return a;
            yield return b;
        }
    }
}
