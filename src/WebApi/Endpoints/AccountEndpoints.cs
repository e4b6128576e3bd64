using MakCrm.Application.Abstractions.Messaging;
using MakCrm.Application.Account;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Auth;
using MakCrm.WebApi.Contracts;
using MakCrm.WebApi.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace MakCrm.WebApi.Endpoints;

/// <summary>The signed-in user's two-factor authentication.</summary>
internal static class AccountEndpoints
{
    public static RouteGroupBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/account/two-factor").WithTags("Account").RateLimitedPerCaller().RequireAuthorization(PermissionPolicies.Account);
        group.MapPost("/enrolment", Enrol).WithName("enrolTwoFactor").ProducesProblems(401, 403, 409);
        group.MapPost("/confirmation", (HttpRequest r, ICommandHandler<ConfirmTwoFactorCommand, IReadOnlyList<string>> h, IOptions<JsonOptions> j, CancellationToken ct) =>
                WithCode(r, j, ct, async code => Respond.Value(await h.Handle(new ConfirmTwoFactorCommand(code), ct), codes => new RecoveryCodes(codes))))
            .WithName("confirmTwoFactor").Accepts<TwoFactorCodeRequest>("application/json").ProducesProblems(400, 401, 403, 409, 413, 415);
        group.MapPost("/disable", (HttpRequest r, ICommandHandler<DisableTwoFactorCommand, Unit> h, IOptions<JsonOptions> j, CancellationToken ct) =>
                WithCode(r, j, ct, async code => Respond.NoContent(await h.Handle(new DisableTwoFactorCommand(code), ct))))
            .WithName("disableTwoFactor").Accepts<TwoFactorCodeRequest>("application/json").ProducesProblems(400, 401, 403, 409, 413, 415);
        group.MapPost("/recovery-codes", (HttpRequest r, ICommandHandler<RegenerateRecoveryCodesCommand, IReadOnlyList<string>> h, IOptions<JsonOptions> j, CancellationToken ct) =>
                WithCode(r, j, ct, async code => Respond.Value(await h.Handle(new RegenerateRecoveryCodesCommand(code), ct), codes => new RecoveryCodes(codes))))
            .WithName("regenerateRecoveryCodes").Accepts<TwoFactorCodeRequest>("application/json").ProducesProblems(400, 401, 403, 409, 413, 415);
        return group;
    }

    private static async Task<Results<Ok<Contracts.TwoFactorEnrolment>, ProblemHttpResult>> Enrol(
        ICommandHandler<EnrolTwoFactorCommand, Application.Account.TwoFactorEnrolment> handler, CancellationToken cancellationToken) =>
        Respond.Value(await handler.Handle(new EnrolTwoFactorCommand(), cancellationToken), e => new Contracts.TwoFactorEnrolment(e.SharedKey, e.AuthenticatorUri, e.QrCodeSvg));

    private static async Task<Results<TSuccess, ProblemHttpResult>> WithCode<TSuccess>(
        HttpRequest request, IOptions<JsonOptions> json, CancellationToken cancellationToken, Func<string, Task<Results<TSuccess, ProblemHttpResult>>> then)
        where TSuccess : IResult
    {
        var body = await JsonBodyReader.ReadAsync<TwoFactorCodeRequest>(request, json.Value.SerializerOptions, cancellationToken);
        return body.IsSuccess ? await then(body.Value.Value.Code) : Problems.From(body.Error!);
    }
}
