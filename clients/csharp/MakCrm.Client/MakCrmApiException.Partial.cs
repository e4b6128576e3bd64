using System.Text.Json;

namespace MakCrm.Client;

public partial class MakCrmApiException
{
    /// <summary>
    /// The RFC 9457 problem the server answered with (<c>code</c>, <c>traceId</c>, <c>errors</c>, ...), or null when
    /// the body is not a problem document. Responses the contract declares arrive as
    /// <see cref="MakCrmApiException{TResult}"/> of <see cref="T:MakCrm.Client.Problem"/>; this property also parses the
    /// body of undeclared ones (a 500, a 415 on a read, ...).
    /// </summary>
    public Problem? Problem
    {
        get
        {
            if (this is MakCrmApiException<Problem> typed)
            {
                return typed.Result;
            }

            if (string.IsNullOrWhiteSpace(Response))
            {
                return null;
            }

            try
            {
                var problem = JsonSerializer.Deserialize<Problem>(Response);
                return problem?.Code is null ? null : problem;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
