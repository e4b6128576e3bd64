using MakCrm.Application.Account;
using MakCrm.Contracts;
using MakCrm.Domain.Common;
using MakCrm.WebApi.Wire;

namespace MakCrm.WebApi.Endpoints;

/// <summary>The signed-in user's two-factor authentication.</summary>
internal sealed class AccountEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/account/two-factor");
        group.MapPost("/enrolment", Enrol).WithName("enrolTwoFactor");
        group
            .MapPost(
                "/confirmation",
                async (
                    Body<TwoFactorCodeRequest> body,
                    ICommandHandler<ConfirmTwoFactorCommand, IReadOnlyList<string>> h,
                    CancellationToken ct
                ) =>
                    Respond.Value(
                        await h.Handle(new ConfirmTwoFactorCommand(body.Value.Code), ct),
                        codes => new RecoveryCodes(codes)
                    )
            )
            .WithName("confirmTwoFactor");
        group
            .MapPost(
                "/disable",
                async (
                    Body<TwoFactorCodeRequest> body,
                    ICommandHandler<DisableTwoFactorCommand, Unit> h,
                    CancellationToken ct
                ) => Respond.NoContent(await h.Handle(new DisableTwoFactorCommand(body.Value.Code), ct))
            )
            .WithName("disableTwoFactor");
        group
            .MapPost(
                "/recovery-codes",
                async (
                    Body<TwoFactorCodeRequest> body,
                    ICommandHandler<RegenerateRecoveryCodesCommand, IReadOnlyList<string>> h,
                    CancellationToken ct
                ) =>
                    Respond.Value(
                        await h.Handle(new RegenerateRecoveryCodesCommand(body.Value.Code), ct),
                        codes => new RecoveryCodes(codes)
                    )
            )
            .WithName("regenerateRecoveryCodes");
    }

    private static async Task<Results<JsonOk<Contracts.TwoFactorEnrolment>, ProblemHttpResult>> Enrol(
        ICommandHandler<EnrolTwoFactorCommand, Application.Account.TwoFactorEnrolment> handler,
        CancellationToken cancellationToken
    ) =>
        Respond.Value(
            await handler.Handle(new EnrolTwoFactorCommand(), cancellationToken),
            Contracts.TwoFactorEnrolment.From
        );
}
