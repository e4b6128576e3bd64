using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace MakCrm.Client;

// Hand-written half of the generated MakCrmApiClient (Generated/MakCrmApiClient.cs). NSwag leaves these hooks
// as partial methods so that the generated file never has to be edited.
public partial class MakCrmApiClient
{
    // The PATCH endpoints take a JSON merge patch (RFC 7396): an absent field is left unchanged, while `null`
    // clears a clearable field and is rejected (400) for the others. The generated DTOs would serialise every
    // unset property as `null`, so null properties are left out of every request body. To clear `email`, `city`
    // or `comment` send an empty string; to clear a lead's `responsibleUserId` set
    // UpdateLeadRequest.ClearResponsibleUserId, a task's `remindAt` UpdateTaskRequest.ClearRemindAt, and a deal's
    // `leadId`, `bank` or `responsibleUserId` the UpdateDealRequest.Clear* flags, and the user's own phone UpdateMeRequest.ClearPhone.
    // A property the contract marks required and nullable is always written, null included (MakCrmRequiredNullables):
    // SetReferrerRequest.ReferrerOrganizationId = null sends "referrerOrganizationId": null, which removes the referrer.
    static partial void UpdateJsonSerializerSettings(JsonSerializerOptions settings)
    {
        settings.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;

        // NSwag puts a string-enum converter on enum properties but not on arrays of enums (LeadDuplicate.MatchedBy);
        // this one reads and writes the wire spellings of every generated enum from its JsonStringEnumMemberName.
        settings.Converters.Add(new JsonStringEnumConverter());
        settings.TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                ReadWhatIsThere,
                WriteRequiredNullables,
                UpdateLeadRequest.SendExplicitNulls,
                UpdateTaskRequest.SendExplicitNulls,
                UpdateClientRequest.SendExplicitNulls,
                UpdateDealRequest.SendExplicitNulls,
                UpdateMeRequest.SendExplicitNulls,
                UpdatePipelineStageRequest.SendExplicitNulls,
                UpdateCreditProgrammeRequest.SendExplicitNulls,
            },
        };
    }

    // The contract's required properties are `required` members, so that code cannot build a request without them;
    // reading an answer does not insist on them (System.Text.Json would refuse the whole answer for one missing
    // member): what the server sends is checked against the contract by the server's own test suite.
    private static void ReadWhatIsThere(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
        {
            property.IsRequired = false;
        }
    }

    private static void WriteRequiredNullables(JsonTypeInfo typeInfo)
    {
        if (!MakCrmRequiredNullables.Properties.TryGetValue(typeInfo.Type, out var names))
        {
            return;
        }

        foreach (var property in typeInfo.Properties)
        {
            if (Array.IndexOf(names, property.Name) >= 0)
            {
                property.ShouldSerialize = static (_, _) => true;
            }
        }
    }

    /// <summary>The JSON settings the client reads and writes the API's bodies with.</summary>
    internal static JsonSerializerOptions JsonOptions => _settings.Value;

    // Keep the body of every response as text as well, so that MakCrmApiException.Response (and its message)
    // carries the problem document, `traceId` included, for logs. Set ReadResponseAsString to false to stream.
    partial void Initialize() => ReadResponseAsString = true;

    // Every request carries its operation (for the SDK's handlers and for MakCrmApiException.Operation): the generated
    // method has just set the method and the relative URL. It also names the SDK in its User-Agent, after the
    // application's own if its HttpClient sends one.
    partial void PrepareRequest(HttpClient client, HttpRequestMessage request, string url)
    {
        MakCrmDiagnostics.AddUserAgent(client, request);
        if (MakCrmOperations.Find(request.Method.Method, url) is { } operation)
        {
            request.Options.Set(MakCrmOperations.RequestOption, operation);
            MakCrmApiException.CurrentOperation.Value = operation.Id;
        }
    }
}
