using MakCrm.Domain.Common;
using Microsoft.AspNetCore.Http.Features;

namespace MakCrm.WebApi.Http;

/// <summary>
/// Reads form bodies (<c>application/x-www-form-urlencoded</c> and <c>multipart/form-data</c>) so that every way a form
/// can be wrong is an error value, not an exception: a multipart body without a boundary, cut off before its closing
/// boundary or otherwise broken is <c>bad_request</c>; more fields than <see cref="FormOptions.ValueCountLimit"/>, or
/// a name or value over its limit, is <c>bad_request</c>; a body over the form's length limit is
/// <c>payload_too_large</c>;
/// a field or file name holding U+0000 is a <c>validation_failed</c> error naming it.
/// </summary>
public static class FormBody
{
    public static async Task<Result<IFormCollection>> ReadAsync(
        HttpRequest request,
        CancellationToken cancellationToken
    )
    {
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException ex)
            when (ex.Message.Contains("body length limit", StringComparison.OrdinalIgnoreCase))
        {
            return new Error(ErrorCodes.PayloadTooLarge, ex.Message, ErrorKind.PayloadTooLarge);
        }
        catch (InvalidDataException ex)
        {
            // The framework's limits on the number of fields and the length of names, values and part headers.
            return Broken(ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            // A multipart content type without a usable boundary.
            return Broken(ex.Message);
        }
        catch (IOException ex) when (ex is not BadHttpRequestException)
        {
            // The body ended before the form did (Kestrel's own refusals, such as 413, go on to the exception handler).
            return Broken($"The form ended before it was complete ({ex.Message})");
        }

        if (RequestText.FirstWithNul(form) is { } field)
        {
            return Error.Validation(field, RequestText.NulMessage);
        }

        foreach (var file in form.Files)
        {
            if (RequestText.HasNul(file.FileName) || RequestText.HasNul(file.Name))
            {
                return Error.Validation(
                    file.Name.Replace("\0", "\\u0000", StringComparison.Ordinal),
                    $"The file name: {RequestText.NulMessage}"
                );
            }
        }

        return Result<IFormCollection>.Success(form);
    }

    private static Error Broken(string message) =>
        new(ErrorCodes.BadRequest, $"The form could not be read: {message}", ErrorKind.Validation);
}
