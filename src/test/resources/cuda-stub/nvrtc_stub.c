/*
 * A stand-in for NVRTC (libnvrtc.so.*), for testing mdn4j's FFM bindings where there is no CUDA
 * toolkit: "compiles" by checking the options mdn4j must pass (an explicit --fmad=true or
 * --fmad=false, and one --gpu-architecture), fails like NVRTC on a source that uses the identifier "undeclared", and
 * hands out an image the driver stub recognises: "STUBCUBIN sm_XY" or a PTX text
 * "// STUBPTX compute_XY". stub_nvrtc_refuse_sm makes it refuse machine code, as an NVRTC too
 * old for the device would. Signatures are NVRTC's documented ones.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int nvrtcResult;
typedef struct stub_program *nvrtcProgram;

#define NVRTC_SUCCESS 0
#define NVRTC_ERROR_INVALID_INPUT 3
#define NVRTC_ERROR_INVALID_PROGRAM 4
#define NVRTC_ERROR_INVALID_OPTION 5
#define NVRTC_ERROR_COMPILATION 6

struct stub_program {
    char *source;
    char arch[32];
    int machine_code;
    char log[128];
    char image[64];
};

int stub_nvrtc_refuse_sm;

nvrtcResult nvrtcCreateProgram(nvrtcProgram *prog, const char *src, const char *name, int numHeaders,
                               const char *const *headers, const char *const *includeNames) {
    if (prog == NULL || src == NULL || numHeaders != 0 || headers != NULL || includeNames != NULL) {
        return NVRTC_ERROR_INVALID_INPUT;
    }
    (void) name;
    struct stub_program *p = calloc(1, sizeof *p);
    p->source = strdup(src);
    *prog = p;
    return NVRTC_SUCCESS;
}

nvrtcResult nvrtcCompileProgram(nvrtcProgram prog, int numOptions, const char *const *options) {
    if (prog == NULL) return NVRTC_ERROR_INVALID_PROGRAM;
    int fmad = 0;
    prog->arch[0] = 0;
    for (int i = 0; i < numOptions; i++) {
        if (strcmp(options[i], "--fmad=false") == 0 || strcmp(options[i], "--fmad=true") == 0) {
            fmad = 1;
        } else if (strncmp(options[i], "--gpu-architecture=", 19) == 0) {
            snprintf(prog->arch, sizeof prog->arch, "%s", options[i] + 19);
        } else {
            snprintf(prog->log, sizeof prog->log, "unknown option %s", options[i]);
            return NVRTC_ERROR_INVALID_OPTION;
        }
    }
    prog->machine_code = strncmp(prog->arch, "sm_", 3) == 0;
    if (!fmad || prog->arch[0] == 0 || (prog->machine_code && stub_nvrtc_refuse_sm)) {
        snprintf(prog->log, sizeof prog->log, "nvrtc: error: invalid value for --gpu-architecture (-arch)");
        return NVRTC_ERROR_INVALID_OPTION;
    }
    if (strstr(prog->source, "undeclared") != NULL) {
        snprintf(prog->log, sizeof prog->log, "mdn4j.cu(2): error: identifier \"undeclared\" is undefined\n\n"
                 "1 error detected in the compilation of \"mdn4j.cu\".\n");
        return NVRTC_ERROR_COMPILATION;
    }
    snprintf(prog->image, sizeof prog->image, prog->machine_code ? "STUBCUBIN %s" : "// STUBPTX %s\n", prog->arch);
    return NVRTC_SUCCESS;
}

nvrtcResult nvrtcGetProgramLogSize(nvrtcProgram prog, size_t *size) {
    *size = strlen(prog->log) + 1;
    return NVRTC_SUCCESS;
}

nvrtcResult nvrtcGetProgramLog(nvrtcProgram prog, char *log) {
    strcpy(log, prog->log);
    return NVRTC_SUCCESS;
}

nvrtcResult nvrtcGetPTXSize(nvrtcProgram prog, size_t *size) {
    if (prog->machine_code || prog->image[0] == 0) return NVRTC_ERROR_INVALID_INPUT;
    *size = strlen(prog->image) + 1;
    return NVRTC_SUCCESS;
}

nvrtcResult nvrtcGetPTX(nvrtcProgram prog, char *ptx) {
    if (prog->machine_code || prog->image[0] == 0) return NVRTC_ERROR_INVALID_INPUT;
    strcpy(ptx, prog->image);
    return NVRTC_SUCCESS;
}

nvrtcResult nvrtcGetCUBINSize(nvrtcProgram prog, size_t *size) {
    if (!prog->machine_code || prog->image[0] == 0) return NVRTC_ERROR_INVALID_INPUT;
    *size = strlen(prog->image);
    return NVRTC_SUCCESS;
}

nvrtcResult nvrtcGetCUBIN(nvrtcProgram prog, char *cubin) {
    if (!prog->machine_code || prog->image[0] == 0) return NVRTC_ERROR_INVALID_INPUT;
    memcpy(cubin, prog->image, strlen(prog->image));
    return NVRTC_SUCCESS;
}

nvrtcResult nvrtcDestroyProgram(nvrtcProgram *prog) {
    if (prog == NULL || *prog == NULL) return NVRTC_ERROR_INVALID_PROGRAM;
    free((*prog)->source);
    free(*prog);
    *prog = NULL;
    return NVRTC_SUCCESS;
}

const char *nvrtcGetErrorString(nvrtcResult result) {
    switch (result) {
        case NVRTC_SUCCESS: return "NVRTC_SUCCESS";
        case NVRTC_ERROR_INVALID_INPUT: return "NVRTC_ERROR_INVALID_INPUT";
        case NVRTC_ERROR_INVALID_PROGRAM: return "NVRTC_ERROR_INVALID_PROGRAM";
        case NVRTC_ERROR_INVALID_OPTION: return "NVRTC_ERROR_INVALID_OPTION";
        case NVRTC_ERROR_COMPILATION: return "NVRTC_ERROR_COMPILATION";
        default: return "NVRTC_ERROR_UNKNOWN";
    }
}
