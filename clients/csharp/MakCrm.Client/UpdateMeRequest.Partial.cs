using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MakCrm.Client;

public partial class UpdateMeRequest
{
    /// <summary>
    /// Sends <c>"phone": null</c>, which clears the user's phone (null properties are otherwise left out of the merge
    /// patch). Ignored when <see cref="Phone"/> is set.
    /// </summary>
    [JsonIgnore]
    public bool ClearPhone { get; set; }

    internal static void SendExplicitNulls(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(UpdateMeRequest))
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            if (property.Name == "phone")
            {
                property.ShouldSerialize = static (request, value) => value is not null || ((UpdateMeRequest)request).ClearPhone;
            }
        }
    }
}
