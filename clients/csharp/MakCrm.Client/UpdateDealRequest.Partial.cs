using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MakCrm.Client;

public partial class UpdateDealRequest
{
    /// <summary>Sends <c>"leadId": null</c>, which unlinks the deal from its lead. Ignored when <see cref="LeadId"/> is set.</summary>
    [JsonIgnore]
    public bool ClearLeadId { get; set; }

    /// <summary>Sends <c>"bank": null</c>. Ignored when <see cref="Bank"/> is set.</summary>
    [JsonIgnore]
    public bool ClearBank { get; set; }

    /// <summary>Sends <c>"responsibleUserId": null</c>. Ignored when <see cref="ResponsibleUserId"/> is set.</summary>
    [JsonIgnore]
    public bool ClearResponsibleUserId { get; set; }

    internal static void SendExplicitNulls(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(UpdateDealRequest))
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            property.ShouldSerialize = property.Name switch
            {
                "leadId" => static (request, value) => value is not null || ((UpdateDealRequest)request).ClearLeadId,
                "bank" => static (request, value) => value is not null || ((UpdateDealRequest)request).ClearBank,
                "responsibleUserId" => static (request, value) => value is not null || ((UpdateDealRequest)request).ClearResponsibleUserId,
                _ => property.ShouldSerialize,
            };
        }
    }
}
