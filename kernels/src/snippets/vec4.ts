// vec4 access to an array<f32> binding (the attention kernels' qkv, o, dO): four scalar loads or stores
// at element index i.
export function loadVec4(fn: string, array: string): string {
  return `fn ${fn}(i: u32) -> vec4<f32> { return vec4<f32>(${array}[i], ${array}[i + 1u], ${array}[i + 2u], ${array}[i + 3u]); }`;
}

export function storeVec4(fn: string, array: string): string {
  return `fn ${fn}(i: u32, v: vec4<f32>) {
  ${array}[i] = v.x; ${array}[i + 1u] = v.y; ${array}[i + 2u] = v.z; ${array}[i + 3u] = v.w;
}`;
}
