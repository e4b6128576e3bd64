namespace MakCrm.Application.Access;

