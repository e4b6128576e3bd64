using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MakCrm.Client;

/// <summary>
/// A merge patch of a credit programme: a property left <c>null</c> is not sent (unchanged); <see cref="Clear"/> names
/// the optional limits to send as <c>null</c>, which removes them (a property set wins over its name there).
/// </summary>
public partial class UpdateCreditProgrammeRequest
{
    /// <summary>The wire names of the limits to remove: <c>amountMin</c>, <c>amountMax</c>, <c>termMinMonths</c>,
    /// <c>termMaxMonths</c>, <c>ageMin</c>, <c>ageMax</c>, <c>incomeMin</c>, <c>effectiveTo</c>.</summary>
    [JsonIgnore]
    public ISet<string> Clear { get; } = new HashSet<string>(StringComparer.Ordinal);

    private static readonly HashSet<string> Clearable =
    [
        "amountMin", "amountMax", "termMinMonths", "termMaxMonths", "ageMin", "ageMax", "incomeMin", "effectiveTo",
    ];

    internal static void SendExplicitNulls(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(UpdateCreditProgrammeRequest))
        {
            return;
        }

        foreach (var property in typeInfo.Properties.Where(p => Clearable.Contains(p.Name)))
        {
            var name = property.Name;
            property.ShouldSerialize = (request, value) =>
                value is not null || ((UpdateCreditProgrammeRequest)request).Clear.Contains(name);
        }
    }
}
