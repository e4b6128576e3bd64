using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MakCrm.Client;

public partial class UpdateLeadRequest
{
    /// <summary>
    /// Sends <c>"responsibleUserId": null</c>, which unassigns the lead. Null properties are otherwise left out of
    /// the merge patch (they mean "unchanged"), so this is the only way to clear the responsible manager.
    /// Ignored when <see cref="ResponsibleUserId"/> is set.
    /// </summary>
    [JsonIgnore]
    public bool ClearResponsibleUserId { get; set; }

    internal static void SendExplicitNulls(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(UpdateLeadRequest))
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            if (property.Name == "responsibleUserId")
            {
                property.ShouldSerialize = static (request, value) =>
                    value is not null || ((UpdateLeadRequest)request).ClearResponsibleUserId;
            }
        }
    }
}
