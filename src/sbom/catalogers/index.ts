import { apkCataloger } from './apk.ts';
import { composerCataloger } from './composer.ts';
import { dotnetDepsCataloger } from './dotnet-deps.ts';
import { dpkgCataloger } from './dpkg.ts';
import { gemspecCataloger } from './gemspec.ts';
import { goBinaryCataloger } from './go/index.ts';
import { javaArchiveCataloger } from './java/index.ts';
import { npmCataloger } from './npm.ts';
import { pythonCataloger } from './python.ts';
import { rpmCataloger } from './rpm/index.ts';
import type { Cataloger } from './types.ts';

/** Every cataloger Sigil runs, in report order. Add a new ecosystem here, nowhere else. */
export const CATALOGERS: readonly Cataloger[] = [
  dpkgCataloger,
  apkCataloger,
  rpmCataloger,
  npmCataloger,
  pythonCataloger,
  gemspecCataloger,
  composerCataloger,
  dotnetDepsCataloger,
  goBinaryCataloger,
  javaArchiveCataloger,
];

export type { Cataloger, CatalogContext, CatalogResult } from './types.ts';
