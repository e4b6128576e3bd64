using MakCrm.Application.Leads;
using MakCrm.Domain.Access;
using MakCrm.Domain.Leads;

namespace MakCrm.Application.LeadTimeline;

public sealed record AddLeadCommentCommand(Guid LeadId, string Text) : ICommand<LeadCommentDto>;

internal sealed class AddLeadCommentValidator : AbstractValidator<AddLeadCommentCommand>
{
    public AddLeadCommentValidator() => RuleFor(c => c.Text).RequiredText(LeadComment.MaxTextLength);
}

internal sealed class AddLeadCommentHandler(
    ILeadRepository leads,
    ILeadTimeline timeline,
    ICurrentActor actor,
    TimeProvider clock
) : ICommandHandler<AddLeadCommentCommand, LeadCommentDto>
{
    public async Task<Result<LeadCommentDto>> Handle(AddLeadCommentCommand command, CancellationToken cancellationToken)
    {
        if (!await leads.ExistsAsync(command.LeadId, DataScope.For(actor, Permissions.LeadsReadAll), cancellationToken))
        {
            return Error.NotFound("Lead", command.LeadId);
        }

        var comment = LeadComment.Create(
            clock.NewId(),
            command.LeadId,
            actor.AsLeadActor(),
            command.Text,
            clock.UtcNowMicroseconds()
        );
        timeline.AddComment(comment);
        return LeadCommentDto.From(comment);
    }
}
