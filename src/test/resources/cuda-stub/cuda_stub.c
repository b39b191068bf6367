/*
 * A stand-in for the CUDA driver (libcuda.so.1), for testing mdn4j's FFM bindings where there is
 * no GPU: device memory is host memory, a launch runs nothing but is recorded, and every call
 * checks what the real driver would refuse (no cuInit, no current context on the calling
 * thread, an image that is neither the NVRTC stub's CUBIN nor its PTX). Compiled against the
 * toolkit's cuda.h where there is one (-DWITH_CUDA_H), so each definition below must match the
 * real prototype or the build fails; the _v2 names are the symbols cuda.h maps the calls to.
 */
#include <stdlib.h>
#include <string.h>

#ifdef WITH_CUDA_H
#include <cuda.h>
#else
typedef int CUresult;
typedef int CUdevice;
typedef int CUdevice_attribute;
typedef unsigned long long CUdeviceptr;
typedef struct CUctx_st *CUcontext;
typedef struct CUmod_st *CUmodule;
typedef struct CUfunc_st *CUfunction;
typedef struct CUstream_st *CUstream;
#endif

#define OK 0
#define INVALID_VALUE 1
#define NOT_INITIALIZED 3
#define INVALID_IMAGE 200
#define INVALID_CONTEXT 201
#define NOT_FOUND 500

/* Counters and the last launch, read by the test through FFM. */
enum {
    INITS, RETAINS, RELEASES, SET_CURRENT, ALLOCS, FREES, LOADS, UNLOADS, SYNCS, LAUNCHES, IMAGE_KIND,
    GRID_X, GRID_Y, GRID_Z, BLOCK_X, BLOCK_Y, BLOCK_Z, SHARED_BYTES, STREAM, EXTRA, PARAMS
};
long long stub_state[PARAMS + 16];
char stub_last_kernel[64];

static int initialised;
static int primary_context;
static __thread void *current;

#define NEEDS_CONTEXT() do { if (!initialised) return (CUresult) NOT_INITIALIZED; \
    if (current != &primary_context) return (CUresult) INVALID_CONTEXT; } while (0)

CUresult cuInit(unsigned int flags) {
    if (flags != 0) {
        return (CUresult) INVALID_VALUE;
    }
    initialised = 1;
    stub_state[INITS]++;
    return (CUresult) OK;
}

CUresult cuDeviceGetCount(int *count) {
    if (!initialised) return (CUresult) NOT_INITIALIZED;
    *count = 1;
    return (CUresult) OK;
}

CUresult cuDeviceGet(CUdevice *device, int ordinal) {
    if (!initialised) return (CUresult) NOT_INITIALIZED;
    if (ordinal != 0) return (CUresult) INVALID_VALUE;
    *device = 0;
    return (CUresult) OK;
}

CUresult cuDeviceGetName(char *name, int len, CUdevice dev) {
    if (dev != 0 || len < 9) return (CUresult) INVALID_VALUE;
    strcpy(name, "Stub GPU");
    return (CUresult) OK;
}

CUresult cuDeviceGetAttribute(int *pi, CUdevice_attribute attrib, CUdevice dev) {
    if (dev != 0) return (CUresult) INVALID_VALUE;
    *pi = (int) attrib == 75 ? 9 : (int) attrib == 76 ? 0 : -1;
    return *pi < 0 ? (CUresult) INVALID_VALUE : (CUresult) OK;
}

CUresult cuDevicePrimaryCtxRetain(CUcontext *pctx, CUdevice dev) {
    if (!initialised) return (CUresult) NOT_INITIALIZED;
    if (dev != 0) return (CUresult) INVALID_VALUE;
    *pctx = (CUcontext) (void *) &primary_context;
    stub_state[RETAINS]++;
    return (CUresult) OK;
}

CUresult cuDevicePrimaryCtxRelease_v2(CUdevice dev) {
    if (dev != 0) return (CUresult) INVALID_VALUE;
    stub_state[RELEASES]++;
    return (CUresult) OK;
}

CUresult cuCtxSetCurrent(CUcontext ctx) {
    if ((void *) ctx != (void *) &primary_context) return (CUresult) INVALID_CONTEXT;
    current = (void *) ctx;
    stub_state[SET_CURRENT]++;
    return (CUresult) OK;
}

CUresult cuCtxSynchronize(void) {
    NEEDS_CONTEXT();
    stub_state[SYNCS]++;
    return (CUresult) OK;
}

CUresult cuModuleLoadData(CUmodule *module, const void *image) {
    NEEDS_CONTEXT();
    if (strncmp((const char *) image, "STUBCUBIN", 9) == 0) {
        stub_state[IMAGE_KIND] = 1;
    } else if (strncmp((const char *) image, "// STUBPTX", 10) == 0) {
        stub_state[IMAGE_KIND] = 2;
    } else {
        return (CUresult) INVALID_IMAGE;
    }
    *module = (CUmodule) malloc(1);
    stub_state[LOADS]++;
    return (CUresult) OK;
}

CUresult cuModuleGetFunction(CUfunction *hfunc, CUmodule hmod, const char *name) {
    NEEDS_CONTEXT();
    if (hmod == NULL || strcmp(name, "no_such_kernel") == 0) return (CUresult) NOT_FOUND;
    *hfunc = (CUfunction) (void *) strdup(name);
    return (CUresult) OK;
}

CUresult cuModuleUnload(CUmodule hmod) {
    NEEDS_CONTEXT();
    free(hmod);
    stub_state[UNLOADS]++;
    return (CUresult) OK;
}

CUresult cuMemAlloc_v2(CUdeviceptr *dptr, size_t bytesize) {
    NEEDS_CONTEXT();
    *dptr = (CUdeviceptr) (size_t) calloc(1, bytesize);
    stub_state[ALLOCS]++;
    return (CUresult) OK;
}

CUresult cuMemFree_v2(CUdeviceptr dptr) {
    NEEDS_CONTEXT();
    free((void *) (size_t) dptr);
    stub_state[FREES]++;
    return (CUresult) OK;
}

CUresult cuMemcpyHtoD_v2(CUdeviceptr dst, const void *src, size_t bytes) {
    NEEDS_CONTEXT();
    memcpy((void *) (size_t) dst, src, bytes);
    return (CUresult) OK;
}

CUresult cuMemcpyDtoH_v2(void *dst, CUdeviceptr src, size_t bytes) {
    NEEDS_CONTEXT();
    memcpy(dst, (const void *) (size_t) src, bytes);
    return (CUresult) OK;
}

CUresult cuMemcpyDtoD_v2(CUdeviceptr dst, CUdeviceptr src, size_t bytes) {
    NEEDS_CONTEXT();
    memmove((void *) (size_t) dst, (const void *) (size_t) src, bytes);
    return (CUresult) OK;
}

CUresult cuLaunchKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY, unsigned int gridDimZ,
                        unsigned int blockDimX, unsigned int blockDimY, unsigned int blockDimZ,
                        unsigned int sharedMemBytes, CUstream hStream, void **kernelParams, void **extra) {
    NEEDS_CONTEXT();
    if (f == NULL || kernelParams == NULL) return (CUresult) INVALID_VALUE;
    strncpy(stub_last_kernel, (const char *) (void *) f, sizeof stub_last_kernel - 1);
    stub_state[LAUNCHES]++;
    stub_state[GRID_X] = gridDimX;
    stub_state[GRID_Y] = gridDimY;
    stub_state[GRID_Z] = gridDimZ;
    stub_state[BLOCK_X] = blockDimX;
    stub_state[BLOCK_Y] = blockDimY;
    stub_state[BLOCK_Z] = blockDimZ;
    stub_state[SHARED_BYTES] = sharedMemBytes;
    stub_state[STREAM] = hStream == NULL ? 0 : 1;
    stub_state[EXTRA] = extra == NULL ? 0 : 1;
    /* mdn4j's argument slots are 8 bytes each, so reading 8 from each is safe */
    for (int i = 0; i < 16; i++) {
        memcpy(&stub_state[PARAMS + i], kernelParams[i], 8);
    }
    return (CUresult) OK;
}

CUresult cuGetErrorName(CUresult error, const char **pStr) {
    switch ((int) error) {
        case OK: *pStr = "CUDA_SUCCESS"; return (CUresult) OK;
        case INVALID_VALUE: *pStr = "CUDA_ERROR_INVALID_VALUE"; return (CUresult) OK;
        case NOT_INITIALIZED: *pStr = "CUDA_ERROR_NOT_INITIALIZED"; return (CUresult) OK;
        case INVALID_IMAGE: *pStr = "CUDA_ERROR_INVALID_IMAGE"; return (CUresult) OK;
        case INVALID_CONTEXT: *pStr = "CUDA_ERROR_INVALID_CONTEXT"; return (CUresult) OK;
        case NOT_FOUND: *pStr = "CUDA_ERROR_NOT_FOUND"; return (CUresult) OK;
        default: *pStr = NULL; return (CUresult) INVALID_VALUE;
    }
}
