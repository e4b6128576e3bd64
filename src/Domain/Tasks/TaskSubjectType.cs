namespace MakCrm.Domain.Tasks;

/// <summary>What a task is about.</summary>
public enum TaskSubjectType
{
    Client,
    Lead,
    Deal,
}
