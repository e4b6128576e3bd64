namespace MakCrm.Application.Access;
