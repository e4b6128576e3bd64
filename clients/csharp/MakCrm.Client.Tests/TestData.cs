namespace MakCrm.Client.Tests;

internal static class TestData
{
    private static int _phones;

    /// <summary>A distinct Russian mobile number in E.164, e.g. +79120000001.</summary>
    public static string NextPhone() => "+7912" + Interlocked.Increment(ref _phones).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);

    public static CreateClientRequest NewClient(string fullName = "Петров Пётр Петрович", string? phone = null) => new()
    {
        FullName = fullName,
        Phone = phone ?? NextPhone(),
        Source = "partner",
    };
}
