/*
 * mdn4j_device.h: the few words in which OpenCL C and CUDA C differ, so that mdn4j_kernels.c is
 * written once. The host prepends this header to the kernel source before handing it to the
 * driver's compiler (OpenCL clBuildProgram, or NVRTC for CUDA).
 *
 * Both dialects are asked for IEEE float arithmetic without contraction: the kernels mirror
 * org.mdn4j.kernel.ScalarKernels operation by operation, and a fused multiply-add would round
 * differently from Java's separate multiply and add. (OpenCL: the pragma below and the build
 * option -cl-fp32-correctly-rounded-divide-sqrt; CUDA: NVRTC's --fmad=false, unless
 * -Dmdn4j.cuda.fmad=true asks for contraction.) The order of every sum is fixed, so a run
 * repeats bit for bit on one device.
 */
#ifndef MDN4J_DEVICE_H
#define MDN4J_DEVICE_H

#if defined(__OPENCL_VERSION__)

#pragma OPENCL FP_CONTRACT OFF
#define KERNEL __kernel void
#define GLOBAL __global
#define DEVICE_FN static inline
#define THREAD_ID ((int) get_global_id(0))
#define LOCAL_ID ((int) get_local_id(0))
#define GROUP_ID ((int) get_group_id(0))
#define SHARED __local
#define BARRIER barrier(CLK_LOCAL_MEM_FENCE)
#define F_EXP(x) exp(x)
#define F_EXPM1(x) expm1(x)
#define F_LOG(x) log(x)
#define F_LOG1P(x) log1p(x)
#define F_TANH(x) tanh(x)
#define F_SQRT(x) sqrt(x)
#define F_MAX(a, b) fmax(a, b)
#define F_ABS(x) fabs(x)
#define F_NEG_INFINITY (-INFINITY)

#elif defined(__CUDACC__) || defined(__CUDACC_RTC__)

#define KERNEL extern "C" __global__ void
#define GLOBAL
#define DEVICE_FN static __device__ inline
#define THREAD_ID ((int) (blockIdx.x * blockDim.x + threadIdx.x))
#define LOCAL_ID ((int) threadIdx.x)
#define GROUP_ID ((int) blockIdx.x)
#define SHARED __shared__
#define BARRIER __syncthreads()
#define F_EXP(x) expf(x)
#define F_EXPM1(x) expm1f(x)
#define F_LOG(x) logf(x)
#define F_LOG1P(x) log1pf(x)
#define F_TANH(x) tanhf(x)
#define F_SQRT(x) sqrtf(x)
#define F_MAX(a, b) fmaxf(a, b)
#define F_ABS(x) fabsf(x)
#define F_NEG_INFINITY (-__int_as_float(0x7f800000))

#else
#error "mdn4j kernels compile as OpenCL C or CUDA C only"
#endif

/* Activation codes: the values of org.mdn4j.kernel.Activation's CODE_ constants. */
#define ACT_IDENTITY 0
#define ACT_RELU 1
#define ACT_SIGMOID 2
#define ACT_SOFTPLUS 3
#define ACT_TANH 4

/* Mixture head codes: the values of org.mdn4j.nn.Head's codes (the full head is CPU-only). */
#define HEAD_ISOTROPIC 0
#define HEAD_DIAGONAL 1

/* ½·log(2π), ScalarKernels.HALF_LOG_2PI. */
#define HALF_LOG_2PI 0.9189385332046727f

#endif
