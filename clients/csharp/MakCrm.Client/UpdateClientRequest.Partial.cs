using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MakCrm.Client;

public partial class UpdateClientRequest
{
    /// <summary>
    /// Sends <c>"processingMethod": null</c>, which clears the processing method (null properties are otherwise left
    /// out of the merge patch). Ignored when <see cref="ProcessingMethod"/> is set.
    /// </summary>
    [JsonIgnore]
    public bool ClearProcessingMethod { get; set; }

    /// <summary>
    /// Sends <c>"consent": null</c>, which removes a consent recorded by mistake; to withdraw a consent, send
    /// <see cref="ClientConsentInput.WithdrawnAt"/> instead. Ignored when <see cref="Consent"/> is set.
    /// </summary>
    [JsonIgnore]
    public bool ClearConsent { get; set; }

    internal static void SendExplicitNulls(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(UpdateClientRequest))
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            property.ShouldSerialize = property.Name switch
            {
                "processingMethod" => static (request, value) => value is not null || ((UpdateClientRequest)request).ClearProcessingMethod,
                "consent" => static (request, value) => value is not null || ((UpdateClientRequest)request).ClearConsent,
                _ => property.ShouldSerialize,
            };
        }
    }
}
