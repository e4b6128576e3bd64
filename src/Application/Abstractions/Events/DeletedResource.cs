namespace MakCrm.Application.Abstractions.Events;

