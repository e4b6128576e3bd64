using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MakCrm.Client;

public partial class UpdatePipelineStageRequest
{
    /// <summary>Sends <c>"winProbability": null</c>: the stage counts by its place again. Ignored when <see cref="WinProbability"/> is set.</summary>
    [JsonIgnore]
    public bool ClearWinProbability { get; set; }

    internal static void SendExplicitNulls(JsonTypeInfo typeInfo)
    {
        if (typeInfo.Type != typeof(UpdatePipelineStageRequest))
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            if (property.Name == "winProbability")
            {
                property.ShouldSerialize = static (request, value) => value is not null || ((UpdatePipelineStageRequest)request).ClearWinProbability;
            }
        }
    }
}
