/**
 * Where each embedded font comes from, without any PDF dependency, so the CDK app can read it
 * to ship the same files in the deliver Lambda's bundle (`fonts/<file>` beside `index.mjs`).
 */
export type EmbeddedFontName =
  | 'noto-sans'
  | 'noto-sans-bold'
  | 'noto-sans-italic'
  | 'noto-sans-bold-italic'
  | 'dejavu-sans'
  | 'dejavu-sans-bold'
  | 'noto-sans-sc'
  | 'noto-sans-kr'

/** Module paths, resolved from node_modules wherever the code runs unbundled. */
export const FONT_MODULE_PATHS: Record<EmbeddedFontName, string> = {
  'noto-sans': '@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf',
  'noto-sans-bold': '@expo-google-fonts/noto-sans/700Bold/NotoSans_700Bold.ttf',
  'noto-sans-italic':
    '@expo-google-fonts/noto-sans/400Regular_Italic/NotoSans_400Regular_Italic.ttf',
  'noto-sans-bold-italic':
    '@expo-google-fonts/noto-sans/700Bold_Italic/NotoSans_700Bold_Italic.ttf',
  'dejavu-sans': 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  'dejavu-sans-bold': 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
  'noto-sans-sc': '@expo-google-fonts/noto-sans-sc/400Regular/NotoSansSC_400Regular.ttf',
  'noto-sans-kr': '@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf',
}

/** Folder, next to the bundled module, that holds the font files in a Lambda bundle. */
export const BUNDLED_FONT_DIR = 'fonts'

/** The file name of a font in BUNDLED_FONT_DIR: the last segment of its module path. */
export function bundledFontFileName(name: EmbeddedFontName): string {
  const path = FONT_MODULE_PATHS[name]
  return path.slice(path.lastIndexOf('/') + 1)
}
