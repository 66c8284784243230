/** Why a file or folder could not be used, in a user's words rather than errno's. */
export function describeFileError(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOENT':
      return 'not found';
    case 'EISDIR':
      return 'it is a folder';
    case 'EEXIST':
      return 'a file is there, not a folder';
    case 'ENOTDIR':
      return 'part of its path is a file, not a folder';
    case 'ELOOP':
      return 'a link that leads back to itself';
    default:
      return code ?? message;
  }
}
